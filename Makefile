# Thin driver over CMake. `make demo` and `make test` install what they need first.
BUILD ?= build
JOBS  ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build demo test test-sanitize bench bench-cluster study clean format

all: build

deps:
	@./scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@$(BUILD)/dlrf demo

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-sanitize: deps
	@cmake -S . -B $(BUILD)-asan -DCMAKE_BUILD_TYPE=Debug -DDLRF_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD)-asan -j $(JOBS)
	@cd $(BUILD)-asan && ctest --output-on-failure -j $(JOBS)

bench: build
	@$(BUILD)/bench_iteration
	@$(BUILD)/bench_cluster

bench-cluster: build
	@$(BUILD)/bench_cluster

# The clustering-pipeline study (hours; resumes where it stopped).
study: build
	@bench/study.sh

format:
	@clang-format -i include/dlrf/*.h src/*/*.c src/*/*.h tests/*.c tests/*.h bench/*.c

clean:
	@rm -rf $(BUILD) $(BUILD)-asan
