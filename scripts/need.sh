#!/usr/bin/env bash
# Makes sure a system command that a step of `make test` needs is there.
#
# usage: scripts/need.sh STEP "PACKAGE..." COMMAND...
#
# STEP names what needs it, for the messages ("the arm64 tests"); any one
# of the COMMANDs will do. If none is on PATH, the PACKAGEs are tried in
# order with apt-get (after apt-get update), as root or with passwordless
# sudo, which is what a fresh CI machine has. The command found, if any, is
# printed on stdout.
#
# Exit status: 0 when a COMMAND is there (installed now or before); 1 when
# it is not and the caller should skip STEP: a notice naming the command
# that installs it goes to stderr, and to $SKIP_LOG if set, which `make
# test` prints again at the end; 2 when it is not and CI=true, since
# under CI nothing may be skipped.
set -uo pipefail
if [ "$#" -lt 3 ]; then
	echo "usage: scripts/need.sh STEP \"PACKAGE...\" COMMAND..." >&2
	exit 2
fi
step=$1
read -r -a pkgs <<<"$2"
shift 2
cmds=("$@")

found() {
	local c
	for c in "${cmds[@]}"; do
		if command -v "$c" >/dev/null 2>&1; then
			echo "$c"
			return 0
		fi
	done
	return 1
}

found && exit 0

sudo=""
can_install=false
if command -v apt-get >/dev/null 2>&1; then
	if [ "$(id -u)" -eq 0 ]; then
		can_install=true
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo="sudo"
		can_install=true
	fi
fi

if $can_install; then
	echo "need: ${cmds[0]} is missing for $step; installing ${pkgs[0]} with apt-get" >&2
	if $sudo apt-get update -qq >&2; then
		for p in "${pkgs[@]}"; do
			if $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p" >/dev/null; then
				break
			fi
			echo "need: apt-get install $p failed" >&2
		done
	else
		echo "need: apt-get update failed" >&2
	fi
	found && exit 0
fi

howto="sudo apt-get install ${pkgs[0]}"
if ! command -v apt-get >/dev/null 2>&1; then
	howto="install ${pkgs[0]} (or the package that provides ${cmds[0]}) with your system's package manager"
fi
why="${cmds[0]} is not installed"
if $can_install; then
	why="$why and installing ${pkgs[0]} with apt-get failed"
elif command -v apt-get >/dev/null 2>&1; then
	why="$why, and apt-get needs root or passwordless sudo"
fi

if [ "${CI:-}" = "true" ]; then
	echo "need: FAIL: $step: $why. Under CI=true no step may be skipped; to enable it: $howto" >&2
	exit 2
fi
notice="SKIPPED $step: $why. To enable: $howto"
echo "need: $notice" >&2
if [ -n "${SKIP_LOG:-}" ]; then
	echo "$notice" >>"$SKIP_LOG"
fi
exit 1
