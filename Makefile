# The two commands of the README's quick start. Both install what is missing
# and are quick when it is there already.
.PHONY: serve test
serve:
	scripts/serve.sh
test:
	scripts/test.sh
