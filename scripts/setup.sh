#!/usr/bin/env bash
# Installs the Debian packages pharmatwin needs. Idempotent: skips what is present.
# Run as root on Debian 12 (bookworm). Nothing is downloaded at build time.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config git ca-certificates
  # core libraries
  libsimgrid-dev libprotobuf-dev protobuf-compiler libboost-program-options-dev
  nlohmann-json3-dev libvalijson-dev libsimdjson-dev libsqlite3-dev libssl-dev
  # adapters: MQTT broker and client, reference external detector
  libmosquitto-dev mosquitto python3 python3-protobuf
  # dashboard
  libimgui-dev libglfw3-dev libgl-dev libstb-dev xvfb xauth fonts-dejavu-core libgl1-mesa-dri
  # tests, benchmarks, fuzzing
  libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev clang-format-14
  # cluster scale-out of sweeps
  libopenmpi-dev openmpi-bin
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present" >&2
  exit 0
fi

echo "setup: installing ${#missing[@]} packages: ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  echo "setup: must run as root to install packages" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done" >&2
