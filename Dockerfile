# syntax=docker/dockerfile:1
# The line above selects the BuildKit Dockerfile frontend: the `RUN --mount=type=cache`
# dependency cache below needs it (Docker >= 23 uses BuildKit by default; with the old
# Python docker-compose v1 set DOCKER_BUILDKIT=1 COMPOSE_DOCKER_CLI_BUILD=1).
#
#   docker build -t framework-matrix .
#   docker run --rm -p 8080:8080 -e DATABASE_URL=postgres://... framework-matrix
#   docker run --rm -e DATABASE_URL=postgres://... framework-matrix migrate
#
# See docker-compose.yml for a complete local stack with PostgreSQL.

# Same major/minor as the toolchain the project is developed with; Cargo.toml's
# rust-version (1.89) is the floor, so any newer 1.x image builds it too.
ARG RUST_VERSION=1.95

########################################################################################
# Build stage
########################################################################################
FROM rust:${RUST_VERSION}-slim-bookworm AS builder

WORKDIR /app

# sqlx's query macros check SQL at compile time. Offline mode reads the committed `.sqlx/`
# cache instead of connecting to a database (.cargo/config.toml sets this too; being
# explicit keeps the build hermetic even if that file changes).
ENV SQLX_OFFLINE=true \
    CARGO_TERM_COLOR=never \
    CARGO_NET_RETRY=5

# `make`: tikv-jemalloc-sys builds jemalloc from source (the slim image has gcc, not make).
RUN apt-get update \
 && apt-get install -y --no-install-recommends make \
 && rm -rf /var/lib/apt/lists/*

# Everything the build reads, and nothing else (tests/, scripts/ and docs are not needed):
#   - the manifest and lock file (--locked below refuses to silently re-resolve);
#   - .cargo/ (build env) and .sqlx/ (offline query cache);
#   - migrations/ (embedded by sqlx::migrate!), catalog/ and static/ (embedded by
#     include_str!), src/;
#   - build.rs and web/ (the web pages' assets, embedded by include_bytes!; vendored, so
#     the build needs no Node.js);
#   - benches/: Cargo.toml declares [[bench]] engine, and cargo refuses to parse a
#     manifest whose declared target file is missing, even for `cargo build`.
# Manifest files come first so that a source-only change does not invalidate layers that
# depend only on them.
COPY Cargo.toml Cargo.lock ./
COPY .cargo/ .cargo/
COPY .sqlx/ .sqlx/
COPY benches/ benches/
COPY migrations/ migrations/
COPY catalog/ catalog/
COPY static/ static/
COPY build.rs ./
COPY web/ web/
COPY src/ src/

# Dependency caching with BuildKit cache mounts rather than the "dummy main.rs" trick:
# the crates.io index/downloads and the whole target/ directory persist between builds on
# the same builder, so a source change only recompiles this crate. Cache mounts are not
# part of the image, so the binary must be copied out of target/ in the same RUN.
# sharing=locked: two concurrent builds must not write the same cache at once.
RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/git/db,sharing=locked \
    --mount=type=cache,target=/app/target,sharing=locked \
    cargo build --release --locked --bin framework-matrix \
 && install -D -m 0755 target/release/framework-matrix /out/framework-matrix

########################################################################################
# Runtime stage
########################################################################################
# Why debian:bookworm-slim and not distroless/cc-debian12:
#   - the binary needs only glibc (+ libgcc_s): sqlx is built without TLS, so no OpenSSL
#     and no CA bundle; both images provide that, from the same Debian 12 release as the
#     builder, so the glibc the binary was linked against matches;
#   - distroless has no shell and no HTTP client, so an image-level HEALTHCHECK would be
#     impossible there (and `docker exec` debugging too). bookworm-slim + curl costs a few
#     MB and lets `docker run` and Compose report health without an orchestrator probe.
FROM debian:bookworm-slim AS runtime

ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown

# OCI image annotations (https://github.com/opencontainers/image-spec/blob/main/annotations.md).
# VERSION/REVISION/CREATED are build args so CI can stamp the real values:
#   docker build --build-arg REVISION=$(git rev-parse HEAD) --build-arg CREATED=$(date -u +%FT%TZ) .
LABEL org.opencontainers.image.title="framework-matrix" \
      org.opencontainers.image.description="Explained web-framework recommendations over GraphQL, with an anonymous decision log." \
      org.opencontainers.image.licenses="MIT OR Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="docker.io/library/debian:bookworm-slim"

# curl only for the HEALTHCHECK below. --no-install-recommends keeps it minimal (no
# ca-certificates etc. are needed: the probe is plain HTTP to loopback); the apt lists are
# removed in the same layer so they never reach the image. Not version-pinned (hadolint
# DL3008): bookworm's archive drops superseded versions after security updates, so a pin
# would break rebuilds; the base image tag fixes the release.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*

# A fixed, unprivileged UID/GID (not 1000, which commonly collides with a host user) so
# that volume ownership and Kubernetes `runAsUser`/`fsGroup` settings are predictable.
# No home directory and no login shell: it only ever runs the service.
ARG APP_UID=10001
ARG APP_GID=10001
RUN groupadd --system --gid "${APP_GID}" framework-matrix \
 && useradd --system --uid "${APP_UID}" --gid "${APP_GID}" --no-create-home \
        --home-dir /var/lib/framework-matrix --shell /usr/sbin/nologin framework-matrix \
 && mkdir -p /var/lib/framework-matrix/spool \
 && chown -R "${APP_UID}:${APP_GID}" /var/lib/framework-matrix \
 && chmod 0750 /var/lib/framework-matrix/spool

COPY --from=builder --chown=root:root /out/framework-matrix /usr/local/bin/framework-matrix

# Container defaults (every one can be overridden with -e / `environment:`):
#   - LISTEN_ADDR: the binary defaults to 127.0.0.1, which is unreachable from outside a
#     container's network namespace; bind all interfaces instead.
#   - LOG_FORMAT=json: one JSON object per line, for log collectors.
#   - SPOOL_DIR: absolute path on the volume below (the default "spool" is relative to
#     the working directory, which would also work here, but absolute is unambiguous).
# DATABASE_URL and ANALYTICS_TOKEN are secrets and deliberately have no default here.
ENV LISTEN_ADDR=0.0.0.0:8080 \
    LOG_FORMAT=json \
    RUST_LOG=info \
    SPOOL_DIR=/var/lib/framework-matrix/spool

WORKDIR /var/lib/framework-matrix

# The decision spool is a write-ahead log of decisions not yet stored in PostgreSQL: it
# must survive container replacement, so it lives on a volume. Declared after the chown
# above so a fresh named volume is initialised with the app user's ownership.
VOLUME ["/var/lib/framework-matrix/spool"]

USER ${APP_UID}:${APP_GID}

EXPOSE 8080

# The service installs its own SIGTERM handler (stop accepting, drain in-flight requests,
# flush queued decisions), so it can run as PID 1 without an init shim; it spawns no child
# processes, so there are no zombies to reap. SIGTERM is the default; stated for clarity.
STOPSIGNAL SIGTERM

# Liveness only (/healthz is 200 whenever the process serves HTTP); /readyz is for
# orchestrator readiness probes (it answers 503 while draining). Port 8080 is hard-coded:
# if you change LISTEN_ADDR's port, override the healthcheck as well.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD ["curl", "-fsS", "--max-time", "2", "-o", "/dev/null", "http://127.0.0.1:8080/healthz"]

# Exec form: the binary is PID 1 and receives SIGTERM directly (a shell wrapper would
# swallow it). `docker run IMAGE migrate` applies migrations and exits.
ENTRYPOINT ["/usr/local/bin/framework-matrix"]
CMD ["serve"]
