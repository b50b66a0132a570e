# The compose run mode's image: web (gunicorn), worker and beat all run from it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/app/var

WORKDIR /app

# Dependencies first (from pyproject.toml: the project itself is not an installable package),
# so that a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import subprocess, sys, tomllib; \
deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; \
sys.exit(subprocess.call([sys.executable, '-m', 'pip', 'install', *deps]))"

COPY . .

# Static files are collected at build time (with a throwaway key: nothing is signed) and
# served by WhiteNoise from /app/var/staticfiles.
RUN useradd --create-home --uid 1000 catalyst \
    && mkdir -p "$VAR_DIR/tls" \
    && DEBUG=false SECRET_KEY=collectstatic-only-not-a-real-key python manage.py collectstatic --noinput \
    && chown -R catalyst:catalyst "$VAR_DIR"

USER catalyst
EXPOSE 8000 8443

CMD ["gunicorn", "catalyst_admin.wsgi:application", "--bind", "0.0.0.0:8000", "-c", "python:catalyst_admin.gunicorn_conf"]
