# audarma: offline en/ru/kk translation service.
#
#   docker build -t audarma .                                  # bakes en<->ru from the Argos index
#   docker build --build-arg MODELS="" -t audarma .            # no packages baked in
#   docker build --build-arg KK_MODELS="en:kk|https://…/eng-trk.zip|>>kaz_Cyrl<<" -t audarma .
#   docker run -p 8000:8000 audarma
#
# Models are installed at build time only; the running container never downloads anything.

# Stage 1: build the project's wheel with a C compiler, so the glossary's per-hit loops
# (service/glossary/hotpath.py) are compiled by Cython; the compiler stays in this stage.
FROM python:3.11-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY service ./service
RUN pip wheel --no-deps --wheel-dir /wheels .

# Stage 2: the service image, without a compiler.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOME=/home/audarma \
    AUDARMA_MODELS_DIR=/opt/audarma/models \
    AUDARMA_GLOSSARY_DIR=/opt/audarma/glossaries

# Non-root user; argostranslate.settings creates directories under $HOME on import.
RUN useradd --create-home --home-dir /home/audarma --uid 10001 --user-group audarma \
 && mkdir -p /opt/audarma/models \
 && chown audarma:audarma /opt/audarma/models

# The torch-free Argos distribution comes in through pyproject; fail the build if torch sneaks
# in, or if the glossary hot path did not compile (it would run ~1.3x slower as plain Python).
COPY --from=build /wheels /tmp/wheels
RUN pip install /tmp/wheels/*.whl \
 && rm -rf /tmp/wheels \
 && python -c "import importlib.util, sys; sys.exit('torch must not be installed' if importlib.util.find_spec('torch') else 0)" \
 && python -c "import sys; from service.glossary.hotpath import COMPILED; sys.exit(0 if COMPILED else 'the glossary hot path is not compiled')"

COPY glossaries /opt/audarma/glossaries

USER audarma

# Pairs from the Argos index, FROM:TO separated by spaces ("" = none).
ARG MODELS="en:ru ru:en"
ARG INDEX_URL=https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json
RUN if [ -n "$MODELS" ]; then \
      python -m service models install $MODELS --index-url "$INDEX_URL" --no-progress; \
    fi

# Kazakh has no Argos package: build one per entry from an OPUS-MT / Tatoeba-MT release zip
# (see docs/kazakh.md). Entries are separated by spaces: FROM:TO|RELEASE_ZIP_URL|SOURCE_TOKEN
# (the token may be empty), e.g. "en:kk|https://…/eng-trk/opus-….zip|>>kaz_Cyrl<<".
ARG KK_MODELS=""
RUN set -euf; \
    for spec in $KK_MODELS; do \
      pair="${spec%%|*}"; rest="${spec#*|}"; url="${rest%%|*}"; token=""; \
      case "$rest" in *"|"*) token="${rest#*|}";; esac; \
      python -c "import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])" \
        "$url" /tmp/release.zip; \
      python -m service models build /tmp/release.zip --from "${pair%%:*}" --to "${pair#*:}" \
        ${token:+--source-token "$token"} --out /tmp/package.argosmodel --install; \
      rm -f /tmp/release.zip /tmp/package.argosmodel; \
    done; \
    python -m service models list

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
CMD ["python", "-m", "service", "serve", "--host", "0.0.0.0", "--port", "8000"]
