# Gateway image: gRPC (HTTP/2) on 8081; dashboard, JSON API, /healthz, /readyz, /metrics (HTTP/1.1) on
# 8080. An Orleans client of the silos (Gateway__EmbeddedSilo=false). Build from the repository root:
#   docker build -f deploy/docker/gateway.Dockerfile -t monitoring-gateway .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# Node.js: the build restores the dashboard's browser libraries with `npm ci` (gateway/Monitoring.Gateway/package.json).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY contracts/ contracts/
COPY silo/ silo/
COPY hosting/ hosting/
COPY tools/ tools/
COPY gateway/ gateway/
COPY deploy/scenarios/ deploy/scenarios/
RUN dotnet restore gateway/Monitoring.Gateway/Monitoring.Gateway.csproj
RUN dotnet publish gateway/Monitoring.Gateway/Monitoring.Gateway.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_ENVIRONMENT=Production \
    Kestrel__Endpoints__Http__Url=http://+:8080 \
    Kestrel__Endpoints__Grpc__Url=http://+:8081 \
    Gateway__EmbeddedSilo=false \
    Orleans__Store=Redis
EXPOSE 8080 8081
USER $APP_UID
ENTRYPOINT ["dotnet", "Monitoring.Gateway.dll"]
