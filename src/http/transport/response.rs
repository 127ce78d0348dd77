//! Writing GraphQL responses: one operation or a batch, each serialized once and capped
//! in size; statuses (from `refusal`), caching headers and ETags.

use actix_web::http::header::{self, EntityTag, IfNoneMatch};
use actix_web::http::{StatusCode, header::Header as _};
use actix_web::{HttpRequest, HttpResponse};
use async_graphql::ServerError;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::Refusal;
use super::execute::{Answer, Outcome};
use super::negotiate::ResponseType;
use super::refusal::{document_status, not_executed_status};
use crate::graphql::Code;

#[derive(Serialize)]
struct AnswerBody<'a> {
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [ServerError],
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a async_graphql::Value>,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    extensions: &'a std::collections::BTreeMap<String, async_graphql::Value>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    errors: [CodedError<'a>; 1],
}

#[derive(Serialize)]
struct CodedError<'a> {
    message: &'a str,
    extensions: CodeOnly,
}

#[derive(Serialize)]
struct CodeOnly {
    code: &'static str,
}

/// Output that stops growing at a byte cap: serialization fails instead of allocating.
struct Capped<'a> {
    out: &'a mut Vec<u8>,
    room: usize,
}

impl std::io::Write for Capped<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() > self.room {
            return Err(std::io::Error::other("response too large"));
        }
        self.room -= buf.len();
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A response body under construction, with the bytes the request may still use.
pub struct Writer {
    out: Vec<u8>,
    room: usize,
    max: usize,
}

impl Writer {
    pub fn new(max_bytes: usize) -> Writer {
        Writer {
            out: Vec::with_capacity(256),
            room: max_bytes,
            max: max_bytes,
        }
    }

    /// Appends one operation's result. `false` when it did not fit: the output is then
    /// rolled back and an error written in its place.
    fn outcome(&mut self, outcome: &Outcome) -> bool {
        let start = self.out.len();
        let written = match outcome {
            Outcome::Answered(a) => self.serialize(&AnswerBody {
                errors: &a.errors,
                data: a.data.as_ref(),
                extensions: &a.extensions,
            }),
            Outcome::NotExecuted(e) => self.serialize(&ErrorsOnly {
                errors: [&e.to_server_error()],
            }),
            Outcome::Refused(r) => self.serialize(&error_body(&r.message(), r.code())),
            Outcome::Cached(c) => self.raw(&c.body),
        };
        if written {
            return true;
        }
        self.room += self.out.len() - start;
        self.out.truncate(start);
        let message = format!(
            "the response is larger than {} bytes (MAX_RESPONSE_BYTES); select fewer fields",
            self.max
        );
        // The error itself is small and always fits.
        let _ = serde_json::to_writer(&mut self.out, &error_body(&message, Code::ResponseTooLarge));
        false
    }

    fn serialize(&mut self, value: &impl Serialize) -> bool {
        let before = self.out.len();
        let mut capped = Capped {
            out: &mut self.out,
            room: self.room,
        };
        let ok = serde_json::to_writer(&mut capped, value).is_ok();
        self.room -= self.out.len() - before;
        ok
    }

    /// Appends bytes serialized earlier, if they fit.
    fn raw(&mut self, bytes: &[u8]) -> bool {
        if bytes.len() > self.room {
            return false;
        }
        self.room -= bytes.len();
        self.out.extend_from_slice(bytes);
        true
    }

    fn push(&mut self, byte: u8) {
        self.out.push(byte);
        self.room = self.room.saturating_sub(1);
    }
}

/// One answer serialized as a response carries it, if it takes at most `max_bytes`.
pub fn serialize_answer(answer: &Answer, max_bytes: usize) -> Option<Vec<u8>> {
    let mut writer = Writer::new(max_bytes);
    writer
        .serialize(&AnswerBody {
            errors: &answer.errors,
            data: answer.data.as_ref(),
            extensions: &answer.extensions,
        })
        .then_some(writer.out)
}

#[derive(Serialize)]
struct ErrorsOnly<'a> {
    errors: [&'a ServerError; 1],
}

fn error_body(message: &str, code: Code) -> ErrorBody<'_> {
    ErrorBody {
        errors: [CodedError {
            message,
            extensions: CodeOnly {
                code: code.as_str(),
            },
        }],
    }
}

pub fn refusal(rt: ResponseType, r: &Refusal) -> HttpResponse {
    let mut resp = HttpResponse::build(r.status());
    resp.insert_header((header::CONTENT_TYPE, rt.content_type()))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    if let Refusal::RateLimited { retry_after } = r {
        resp.insert_header((
            header::RETRY_AFTER,
            super::refusal::retry_seconds(*retry_after),
        ));
    }
    resp.body(serde_json::to_vec(&error_body(&r.message(), r.code())).unwrap_or_default())
}

/// The response to a single operation. `etag` is set for GET requests, whose successful
/// catalog queries may be cached.
pub fn single(
    req: &HttpRequest,
    rt: ResponseType,
    outcome: &Outcome,
    etag: Option<EntityTag>,
    max_bytes: usize,
) -> HttpResponse {
    let mut writer = Writer::new(max_bytes);
    let fitted = writer.outcome(outcome);
    let status = match outcome {
        Outcome::Refused(r) => return refusal(rt, r),
        Outcome::NotExecuted(e) => document_status(e, rt),
        Outcome::Answered(a) if a.data.is_none() || !fitted => not_executed_status(rt),
        Outcome::Cached(_) if !fitted => not_executed_status(rt),
        Outcome::Answered(_) | Outcome::Cached(_) => StatusCode::OK,
    };
    let mut resp = HttpResponse::build(status);
    resp.insert_header((header::CONTENT_TYPE, rt.content_type()))
        .insert_header((header::VARY, "Accept"));
    if let Outcome::NotExecuted(crate::graphql::documents::DocumentError::MutationOverGet) = outcome
    {
        resp.insert_header((header::ALLOW, "POST"));
    }
    let max_age = match &outcome {
        Outcome::Answered(a) if fitted => a.cache_max_age,
        Outcome::Cached(c) if fitted => c.max_age,
        _ => None,
    };
    match (etag, max_age) {
        (Some(etag), Some(max_age)) => {
            resp.insert_header((header::CACHE_CONTROL, format!("public, max-age={max_age}")))
                .insert_header((header::ETAG, etag.clone()));
            if not_modified(req, &etag) {
                return resp.status(StatusCode::NOT_MODIFIED).finish();
            }
        }
        _ => {
            resp.insert_header((header::CACHE_CONTROL, "no-store"));
        }
    }
    resp.body(writer.out)
}

/// The response to a batch: 200 with one result per entry, in order.
pub fn batch(rt: ResponseType, outcomes: &[Outcome], max_bytes: usize) -> HttpResponse {
    batch_with_status(StatusCode::OK, rt, outcomes, max_bytes)
}

fn batch_with_status(
    status: StatusCode,
    rt: ResponseType,
    outcomes: &[Outcome],
    max_bytes: usize,
) -> HttpResponse {
    let mut writer = Writer::new(max_bytes);
    writer.push(b'[');
    for (i, outcome) in outcomes.iter().enumerate() {
        if i > 0 {
            writer.push(b',');
        }
        writer.outcome(outcome);
    }
    writer.push(b']');
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, rt.content_type()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::VARY, "Accept"))
        .body(writer.out)
}

/// Batches longer than this get one error object, not an error per entry: the refusal
/// itself must stay small.
const MAX_ERROR_ENTRIES: usize = 100;

/// A batch refused as a whole (too long): one error per entry, so batching clients
/// (Apollo's `BatchHttpLink`) can hand each operation its error instead of failing on a
/// length mismatch; a single error for absurdly long batches.
pub fn refused_batch(rt: ResponseType, r: &Refusal) -> HttpResponse {
    match r {
        Refusal::BatchTooLarge { len, .. } if (1..=MAX_ERROR_ENTRIES).contains(len) => {
            let outcomes: Vec<Outcome> = (0..*len).map(|_| Outcome::Refused(r.clone())).collect();
            batch_with_status(r.status(), rt, &outcomes, usize::MAX)
        }
        _ => refusal(rt, r),
    }
}

/// Same catalog, same request, same representation: same bytes. A catalog version never
/// changes its content (a reload brings a new version), so the version plus the request
/// identifies the response.
pub fn etag_for(catalog_version: &str, rt: ResponseType, query_string: &str) -> EntityTag {
    let mut h = Sha256::new();
    h.update(catalog_version.as_bytes());
    h.update([0, rt as u8, 0]);
    h.update(query_string.as_bytes());
    // Weak: the gzip and the identity body of one response are the same representation
    // for a cache, not the same bytes (RFC 9110, 8.8.1).
    EntityTag::new_weak(hex::encode(&h.finalize()[..16]))
}

/// `If-None-Match` matches (weak comparison, as RFC 9110 asks for this header).
fn not_modified(req: &HttpRequest, etag: &EntityTag) -> bool {
    match IfNoneMatch::parse(req) {
        Ok(IfNoneMatch::Any) => true,
        Ok(IfNoneMatch::Items(tags)) => tags.iter().any(|t| t.weak_eq(etag)),
        Err(_) => false,
    }
}
