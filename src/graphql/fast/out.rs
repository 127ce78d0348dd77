//! Where a walk writes what it resolves: a value tree for async-graphql's executor
//! ([`Tree`]), or JSON text straight into the response ([`Json`], for the direct path of
//! `graphql::direct`). The walker and every [`Fast`](super::Fast) implementation are
//! written once against [`Out`]; the two outputs differ only in how they place a value.

use async_graphql::indexmap::IndexMap;
use async_graphql::indexmap::map::Entry;
use async_graphql::{Name, Number, Value};
use serde::Serializer as _;

/// What to do with a field about to be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Resolve it and write it.
    Write,
    /// Resolve it but write nothing: it repeats a leaf already written in this object
    /// (same response key, so the same field with the same arguments: validation
    /// guarantees it), whose value the executor keeps from its first occurrence. It is
    /// still resolved so that it counts against the budget as the executor counts it.
    Skip,
    /// This output cannot take it: the walk declines.
    Decline,
}

/// A sink for one walk, in document order: objects and lists open and close, a field's
/// key comes before its value.
pub trait Out {
    fn begin_object(&mut self);
    /// The next field of the open object, with whether its selection is empty (a leaf).
    fn field(&mut self, key: &Name, leaf: bool) -> Field;
    /// Closes the open object: an object with no field at all becomes `null`, as the
    /// executor answers an object whose fragments all skipped.
    fn end_object(&mut self);
    fn begin_list(&mut self, len: usize);
    fn end_list(&mut self);
    fn str(&mut self, s: &str);
    fn string(&mut self, s: String) {
        self.str(&s);
    }
    fn int(&mut self, i: i32);
    /// As async-graphql's `f64` scalar: a number, or null when not finite.
    fn float(&mut self, f: f64);
    fn null(&mut self);
    /// An enum value, by its GraphQL name.
    fn enumeration(&mut self, name: &'static str);
    /// While on, everything written is dropped (a [`Field::Skip`]ped field).
    fn mute(&mut self, _on: bool) {}
}

/// Builds an async-graphql value tree, merging a field selected twice the way the
/// executor does (`resolver_utils::container::insert_value`).
#[derive(Default)]
pub struct Tree {
    open: Vec<Open>,
    done: Option<Value>,
}

enum Open {
    Object(IndexMap<Name, Value>, Option<Name>),
    List(Vec<Value>),
}

impl Tree {
    /// The value written, once the walk is complete.
    pub fn finish(self) -> Option<Value> {
        self.done
    }

    fn put(&mut self, value: Value) {
        match self.open.last_mut() {
            Some(Open::Object(map, key)) => {
                if let Some(key) = key.take() {
                    insert(map, key, value);
                }
            }
            Some(Open::List(items)) => items.push(value),
            None => self.done = Some(value),
        }
    }
}

impl Out for Tree {
    fn begin_object(&mut self) {
        self.open.push(Open::Object(IndexMap::new(), None));
    }

    fn field(&mut self, key: &Name, _leaf: bool) -> Field {
        if let Some(Open::Object(_, pending)) = self.open.last_mut() {
            *pending = Some(key.clone());
        }
        Field::Write
    }

    fn end_object(&mut self) {
        if let Some(Open::Object(map, _)) = self.open.pop() {
            self.put(if map.is_empty() {
                Value::Null
            } else {
                Value::Object(map)
            });
        }
    }

    fn begin_list(&mut self, len: usize) {
        self.open.push(Open::List(Vec::with_capacity(len)));
    }

    fn end_list(&mut self) {
        if let Some(Open::List(items)) = self.open.pop() {
            self.put(Value::List(items));
        }
    }

    fn str(&mut self, s: &str) {
        self.put(Value::String(s.to_string()));
    }

    fn string(&mut self, s: String) {
        self.put(Value::String(s));
    }

    fn int(&mut self, i: i32) {
        self.put(Value::Number(i.into()));
    }

    fn float(&mut self, f: f64) {
        self.put(Number::from_f64(f).map_or(Value::Null, Value::Number));
    }

    fn null(&mut self) {
        self.put(Value::Null);
    }

    fn enumeration(&mut self, name: &'static str) {
        self.put(Value::Enum(Name::new(name)));
    }
}

/// Adds a field to an object under construction, merging a field selected twice: the
/// first occurrence keeps its place; objects merge key by key, lists of objects item by
/// item. One lookup per field (the entry API): hashing keys with the map's SipHash was a
/// tenth of a walked preview's instructions (callgrind, BENCHMARKS.md section 2).
fn insert(target: &mut IndexMap<Name, Value>, name: Name, value: Value) {
    let existing = match target.entry(name) {
        Entry::Vacant(slot) => {
            slot.insert(value);
            return;
        }
        Entry::Occupied(slot) => slot.into_mut(),
    };
    match existing {
        Value::Object(existing) => {
            if let Value::Object(more) = value {
                for (k, v) in more {
                    insert(existing, k, v);
                }
            }
        }
        Value::List(existing) => {
            if let Value::List(more) = value {
                for (i, v) in more.into_iter().enumerate() {
                    if let (Some(Value::Object(existing)), Value::Object(more)) =
                        (existing.get_mut(i), v)
                    {
                        for (k, v) in more {
                            insert(existing, k, v);
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

/// Writes JSON text as `serde_json` serializes the same value tree (the same serializer
/// writes every string and number), so the bytes equal the executor's response. A field
/// selected twice with a sub-selection would need merging, which text cannot do once
/// written: such a walk declines and the request takes the executor's path.
pub struct Json<'b> {
    out: &'b mut Vec<u8>,
    open: Vec<Container>,
    /// Response keys of the open objects, innermost last (`Container::keys_from` says
    /// where each object's start).
    keys: Vec<Name>,
    muted: bool,
}

struct Container {
    /// Where the object's `{` was written (an empty object is rewritten as `null`).
    start: usize,
    keys_from: usize,
    /// Items written so far (lists), or fields (objects).
    len: usize,
}

impl<'b> Json<'b> {
    pub fn new(out: &'b mut Vec<u8>) -> Json<'b> {
        Json {
            out,
            open: Vec::with_capacity(8),
            keys: Vec::with_capacity(32),
            muted: false,
        }
    }

    /// A comma before every list item but the first.
    fn item(&mut self) {
        if let Some(list) = self.open.last_mut()
            && list.keys_from == usize::MAX
        {
            if list.len > 0 {
                self.out.push(b',');
            }
            list.len += 1;
        }
    }

    fn serializer(&mut self) -> serde_json::Serializer<&mut Vec<u8>> {
        serde_json::Serializer::new(&mut *self.out)
    }
}

impl Out for Json<'_> {
    fn begin_object(&mut self) {
        if self.muted {
            return;
        }
        self.item();
        self.open.push(Container {
            start: self.out.len(),
            keys_from: self.keys.len(),
            len: 0,
        });
        self.out.push(b'{');
    }

    fn field(&mut self, key: &Name, leaf: bool) -> Field {
        let Some(object) = self.open.last_mut() else {
            return Field::Decline;
        };
        if self.keys[object.keys_from..].contains(key) {
            return if leaf { Field::Skip } else { Field::Decline };
        }
        if object.len > 0 {
            self.out.push(b',');
        }
        object.len += 1;
        self.keys.push(key.clone());
        // Writing into a Vec cannot fail.
        let _ = self.serializer().serialize_str(key);
        self.out.push(b':');
        Field::Write
    }

    fn end_object(&mut self) {
        if self.muted {
            return;
        }
        if let Some(object) = self.open.pop() {
            self.keys.truncate(object.keys_from);
            if object.len == 0 {
                self.out.truncate(object.start);
                self.out.extend_from_slice(b"null");
            } else {
                self.out.push(b'}');
            }
        }
    }

    fn begin_list(&mut self, _len: usize) {
        if self.muted {
            return;
        }
        self.item();
        self.open.push(Container {
            start: self.out.len(),
            keys_from: usize::MAX,
            len: 0,
        });
        self.out.push(b'[');
    }

    fn end_list(&mut self) {
        if self.muted {
            return;
        }
        self.open.pop();
        self.out.push(b']');
    }

    fn str(&mut self, s: &str) {
        if self.muted {
            return;
        }
        self.item();
        let _ = self.serializer().serialize_str(s);
    }

    fn int(&mut self, i: i32) {
        if self.muted {
            return;
        }
        self.item();
        let _ = self.serializer().serialize_i32(i);
    }

    fn float(&mut self, f: f64) {
        if self.muted {
            return;
        }
        self.item();
        // serde_json writes a non-finite f64 as null, as async-graphql's scalar answers.
        let _ = self.serializer().serialize_f64(f);
    }

    fn null(&mut self) {
        if self.muted {
            return;
        }
        self.item();
        self.out.extend_from_slice(b"null");
    }

    fn enumeration(&mut self, name: &'static str) {
        self.str(name);
    }

    fn mute(&mut self, on: bool) {
        self.muted = on;
    }
}
