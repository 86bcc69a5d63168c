FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VSS_DATA_DIR=/var/lib/vss
WORKDIR /app
COPY pyproject.toml README.md manage.py ./
COPY cms cms
COPY publishing publishing
COPY channels channels
COPY media media
RUN pip install --no-cache-dir . \
 && SECRET_KEY=build-only python manage.py collectstatic --noinput --settings=cms.settings.production \
 && mkdir -p /var/lib/vss && useradd --system vss && chown vss /var/lib/vss
USER vss
EXPOSE 8000
CMD ["gunicorn", "cms.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
