# The GPU inference host: ONNX Runtime's GPU package with the CUDA execution provider (ONNX Runtime 1.32 wants
# CUDA 12 and cuDNN 9). Build context: the output of `ops/images/publish.sh out`:
#   docker build -f ops/images/host-gpu.Dockerfile out
FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends software-properties-common \
 && add-apt-repository -y ppa:dotnet/backports \
 && apt-get install -y --no-install-recommends aspnetcore-runtime-10.0 libfluidsynth3 musescore-general-soundfont ffmpeg \
 && apt-get purge -y software-properties-common && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1654 app
WORKDIR /app
COPY host-gpu/ ./
USER app
EXPOSE 7001
ENV Host__PreferCuda=true
ENTRYPOINT ["dotnet", "mureka-host.dll", "--urls", "http://0.0.0.0:7001"]
