FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VSS_DATA_DIR=/var/lib/vss
WORKDIR /app
# ffmpeg (with ffprobe) probes uploaded clips and takes their poster frame; without it the
# project's own MP4/WebM readers probe them and the editor's poster image is used.
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg espeak-ng && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md manage.py ./
COPY cms cms
COPY publishing publishing
COPY channels channels
COPY media media
COPY reports reports
COPY plans plans
COPY demo demo
RUN pip install --no-cache-dir . \
 && SECRET_KEY=build-only python manage.py collectstatic --noinput --settings=cms.settings.production \
 && mkdir -p /var/lib/vss && useradd --system vss && chown vss /var/lib/vss
USER vss
EXPOSE 8000
CMD ["gunicorn", "cms.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
