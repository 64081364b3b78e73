# The Kennispunt API: one stateless process per container (also the migrate and scheduler
# services of compose.yaml). Configure with KENNISPUNT_* variables (see README.md); run
# `kennispunt db upgrade` once per release.
#
# The base image is pinned to an exact release; to pin the bytes too, add its digest
# (`docker buildx imagetools inspect python:3.11.13-slim-bookworm`) as `FROM ...@sha256:...`.
FROM python:3.11.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 kennispunt \
    && install -d -o kennispunt -g kennispunt /data

# The dependencies first, from the lock files alone: this layer is rebuilt only when a
# lock changes, not on every change of the source. Exact versions, checked against their
# hashes; the locked setuptools builds what has no wheel, and the project below.
COPY requirements/build.lock requirements/runtime.lock /tmp/requirements/
RUN pip install --require-hashes --no-deps -r /tmp/requirements/build.lock \
    && pip install --require-hashes --no-deps --no-build-isolation -r /tmp/requirements/runtime.lock \
    && rm -rf /tmp/requirements

COPY . /src
RUN pip install --no-deps --no-build-isolation /src && rm -rf /src

USER kennispunt
# Without KENNISPUNT_DATABASE_URL the SQLite file lands here.
WORKDIR /data

# 9100: Prometheus metrics when KENNISPUNT_METRICS_PORT=9100 (keep it off the public network)
EXPOSE 8000 9100
# ready: the database answers at a supported revision (503 otherwise); see README "Probes"
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]
CMD ["kennispunt", "serve", "--host", "0.0.0.0", "--port", "8000"]
