#!/bin/sh
# Starts the MLflow tracking server from the stack's environment (deploy/server/docker-compose.yml): writes the
# basic-auth configuration (its database URI holds a password, so it is made at start, never baked into the
# image), then runs the same command line the native CI runs.
set -eu
: "${MLFLOW_BACKEND_STORE_URI:?}" "${MLFLOW_AUTH_DATABASE_URI:?}" "${MLFLOW_ARTIFACTS_DESTINATION:?}" "${MLFLOW_ALLOWED_HOSTS:?}"
umask 077
export MLFLOW_AUTH_CONFIG_PATH="$HOME/basic_auth.ini"
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
  --host 0.0.0.0 --port 5000 \
  --workers "${MLFLOW_WORKERS:-2}"
