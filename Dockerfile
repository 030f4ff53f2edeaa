# syntax=docker/dockerfile:1
# Multi-stage build: the SDK image builds and publishes, the ASP.NET runtime image runs it as a non-root user.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props UcPortal.sln ./
COPY src/ src/
COPY migrations/ migrations/
COPY wwwroot/ wwwroot/
RUN dotnet publish src/UcPortal.Web/UcPortal.Web.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl for the health check below; baresip-core (the media engine the portal starts when
# Voicemail:Enabled), sox and espeak-ng for voicemail audio (decision 014), ffmpeg for greetings recorded in
# the browser (WebM/Opus, MP4/AAC; decision 027).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl baresip-core sox libsox-fmt-mp3 espeak-ng ffmpeg \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
COPY wwwroot/ ./wwwroot/
RUN mkdir -p /app/data && chown -R app:app /app/data
# The image's non-root user (uid 1654).
USER app
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Database__DataFolder=/app/data \
    Voicemail__EngineDirectory=/app/data/media-engine \
    Voicemail__StorageDirectory=/app/data/voicemail
EXPOSE 8080
VOLUME ["/app/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS http://localhost:8080/health || exit 1
ENTRYPOINT ["dotnet", "UcPortal.Web.dll"]
