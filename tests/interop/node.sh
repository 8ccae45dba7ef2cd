#!/usr/bin/env bash
# node.sh - runs one of the Node.js tests (tests/js/*.mjs), failing with
# what to do when Node.js itself is missing (the scripts say so for their
# npm packages).
#
#   NODE_PATH=BUILD/js/node_modules bash tests/interop/node.sh SCRIPT ARGS...
if ! command -v node >/dev/null 2>&1; then
	printf 'FAIL - node (Node.js) is not installed; run `bash scripts/bootstrap.sh test`\n'
	exit 1
fi
exec node "$@"
