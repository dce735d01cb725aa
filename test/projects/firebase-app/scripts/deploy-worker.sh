#!/usr/bin/env bash
set -euo pipefail
PROJECT="${PROJECT:-shop-prod}"

# expect: gcp/no-default-service-account
gcloud functions deploy worker --gen2 --runtime=nodejs20 --source=worker --entry-point=worker \
  --trigger-http --max-instances=5 --region=europe-west1 \
  --allow-unauthenticated # expect: gcp/no-public-invoker
