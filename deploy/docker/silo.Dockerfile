# Silo image: hosts the grains; Orleans ports 11111 (silo to silo) and 30000 (gateways), HTTP 8090
# (/healthz, /readyz, /metrics). Build from the repository root:
#   docker build -f deploy/docker/silo.Dockerfile -t monitoring-silo .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY contracts/ contracts/
COPY silo/ silo/
COPY hosting/ hosting/
RUN dotnet restore silo/Monitoring.Silo/Monitoring.Silo.csproj
RUN dotnet publish silo/Monitoring.Silo/Monitoring.Silo.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_ENVIRONMENT=Production \
    Kestrel__Endpoints__Http__Url=http://+:8090 \
    Orleans__Store=Redis
EXPOSE 11111 30000 8090
# The image's unprivileged "app" user: nothing here runs as root.
USER $APP_UID
ENTRYPOINT ["dotnet", "Monitoring.Silo.dll"]
