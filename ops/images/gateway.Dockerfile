# The gateway: stateless, N replicas. Build context: the output of `ops/images/publish.sh out` (this file's
# COPY paths are relative to it): docker build -f ops/images/gateway.Dockerfile out
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY gateway/ ./
USER app
# REST, gRPC (h2c) and the management port (Prometheus /metrics).
EXPOSE 8080 8081 9464
ENV Gateway__RestUrl=http://0.0.0.0:8080 \
    Gateway__GrpcUrl=http://0.0.0.0:8081 \
    Gateway__ManagementUrl=http://0.0.0.0:9464
ENTRYPOINT ["dotnet", "mureka-gateway.dll"]
