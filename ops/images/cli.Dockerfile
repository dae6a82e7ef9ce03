# The admin CLI (`mureka`), used by the Kubernetes migration Job (`mureka admin db migrate`, connection string in
# MUREKA_DATABASE). Build context: the output of `ops/images/publish.sh out`:
#   docker build -f ops/images/cli.Dockerfile out
FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /app
COPY cli/ ./
USER app
ENTRYPOINT ["dotnet", "mureka.dll"]
