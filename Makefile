# The two commands of the README's quick start. Both install what is
# missing and are quick when it is there already.
.PHONY: serve test size
serve:
	scripts/serve.sh
test:
	scripts/test.sh
# Transfer size, content cost and time to interactive (figures, not a test).
size:
	scripts/size.sh
