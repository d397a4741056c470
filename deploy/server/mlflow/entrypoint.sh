#!/bin/sh
# Starts the MLflow tracking server from the stack's environment (deploy/server/docker-compose.yml): writes the
# basic-auth configuration (its database URI holds a password, so it is made at start, never baked into the
# image), then execs the server. This file is the stack's MLflow command line, and the only one: the image runs
# it as its entrypoint, and CI runs the same file natively against a real PostgreSQL and an S3-compatible store
# (test/integration/stackSync.test.ts), overriding only where it listens, the config path and the worker count.
set -eu
: "${MLFLOW_BACKEND_STORE_URI:?}" "${MLFLOW_AUTH_DATABASE_URI:?}" "${MLFLOW_ARTIFACTS_DESTINATION:?}" "${MLFLOW_ALLOWED_HOSTS:?}"
umask 077
export MLFLOW_AUTH_CONFIG_PATH="${MLFLOW_AUTH_CONFIG_PATH:-$HOME/basic_auth.ini}"
# The admin's password is not written here: MLflow reads MLFLOW_AUTH_ADMIN_PASSWORD from the environment.
cat > "$MLFLOW_AUTH_CONFIG_PATH" <<INI
[mlflow]
default_permission = READ
database_uri = ${MLFLOW_AUTH_DATABASE_URI}
admin_username = ${MLFLOW_AUTH_ADMIN_USERNAME:-admin}
authorization_function = mlflow.server.auth:authenticate_request_basic_auth
INI
exec mlflow server \
  --app-name basic-auth \
  --backend-store-uri "$MLFLOW_BACKEND_STORE_URI" \
  --artifacts-destination "$MLFLOW_ARTIFACTS_DESTINATION" \
  --serve-artifacts \
  --allowed-hosts "$MLFLOW_ALLOWED_HOSTS" \
  --host "${MLFLOW_LISTEN_HOST:-0.0.0.0}" --port "${MLFLOW_LISTEN_PORT:-5000}" \
  --workers "${MLFLOW_WORKERS:-2}"
