#!/usr/bin/env sh
# Refreshes the shipped model catalogue (adapters-upstream/src/main/resources/models.json) from OpenRouter's public
# catalogue, the offline fallback a node uses when it cannot reach OPENROUTER_MODELS_URL. Run before a release:
#   scripts/refresh-models.sh            # from https://openrouter.ai/api/v1/models
#   OPENROUTER_MODELS_URL=https://mirror.example/api/v1/models scripts/refresh-models.sh
# The file is replaced only when the answer holds at least one model with an id, so a failed fetch never ships an
# empty catalogue (which the node refuses at start-up).
set -eu
url="${OPENROUTER_MODELS_URL:-https://openrouter.ai/api/v1/models}"
here="$(cd "$(dirname "$0")/.." && pwd)"
target="$here/adapters-upstream/src/main/resources/models.json"
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
curl -fsS --max-time 60 "$url" -o "$tmp"
python3 - "$tmp" "$target" <<'PY'
import json, sys
source, target = sys.argv[1], sys.argv[2]
with open(source, encoding="utf-8") as f:
    root = json.load(f)
models = root.get("data", root.get("models")) if isinstance(root, dict) else None
if not isinstance(models, list):
    sys.exit("no 'data' list of models in the answer")
models = [m for m in models if isinstance(m, dict) and isinstance(m.get("id"), str) and m["id"].strip()]
if not models:
    sys.exit("the answer lists no model with an id; models.json left as it was")
models.sort(key=lambda m: m["id"])
with open(target, "w", encoding="utf-8") as f:
    json.dump({"data": models}, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(f"{target}: {len(models)} models")
PY
