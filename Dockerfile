# Builds the release binary, then runs it as a non-root user with the knowledge files beside it.
FROM rust:1.95-slim-bookworm AS builder
WORKDIR /src
COPY Cargo.toml Cargo.lock rustfmt.toml ./
COPY src ./src
COPY benches ./benches
COPY knowledge ./knowledge
# The stats chart's font, built into the binary.
COPY assets ./assets
RUN cargo build --release --locked --bin myositis-bot

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin bot
WORKDIR /app
COPY --from=builder /src/target/release/myositis-bot /usr/local/bin/myositis-bot
COPY knowledge ./knowledge
# The quiz database (data.dir = "data"): writable by the bot, kept on a volume.
RUN mkdir -p /app/data && chown bot /app/data
VOLUME ["/app/data"]
# serve-http listens here when MYOSITIS_BOT__HTTP__BIND=0.0.0.0:8080.
EXPOSE 8080
USER bot
# Validate the knowledge at build time of the image, so a broken file never ships.
RUN myositis-bot check
ENTRYPOINT ["myositis-bot"]
# Connects to Discord; pass the token with -e MYOSITIS_BOT__DISCORD__TOKEN=… . Stops cleanly on SIGTERM.
CMD ["serve"]
