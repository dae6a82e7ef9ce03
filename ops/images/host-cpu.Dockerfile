# The CPU inference host. Build context: the output of `ops/images/publish.sh out`:
#   docker build -f ops/images/host-cpu.Dockerfile out
FROM mcr.microsoft.com/dotnet/aspnet:10.0
# FluidSynth and the General MIDI soundfont render the arrangement; ffmpeg encodes MP3/Opus/FLAC.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libfluidsynth3 musescore-general-soundfont ffmpeg \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY host-cpu/ ./
USER app
EXPOSE 7001
ENTRYPOINT ["dotnet", "mureka-host.dll", "--urls", "http://0.0.0.0:7001"]
