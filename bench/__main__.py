"""`make bench`: run every benchmark module in bench/ (or those named on the command line).

Each module has ``run(report)``; ``report(name, measured, baseline, unit, note)``
prints one figure as a ratio to its baseline, measured in the same run, because
absolute times on a shared 2-core machine mean little.

Benchmarks get a database of their own: a fresh SQLite file, or BENCH_DATABASE_URL
(a PostgreSQL database that may be emptied).
"""

import importlib
import os
import pkgutil
import sys
import tempfile
import time


def report(name, measured, baseline, unit="s", note=""):
    ratio = measured / baseline if baseline else float("inf")
    print(f"  {name:<58} {measured:>10.4f} {unit:<3} baseline {baseline:>10.4f} {unit:<3} ratio {ratio:>6.2f}x  {note}",
          flush=True)


def _prepare_environment():
    work = tempfile.mkdtemp(prefix="vss-bench-")
    os.environ["VSS_DATA_DIR"] = work
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{work}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django
    from django.core.management import call_command

    django.setup()
    if "BENCH_DATABASE_URL" in os.environ:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)


def main(names):
    if names[:1] == ["soak"]:  # the soak starts a whole stack of its own (bench/soak.py)
        from bench.soak import main as soak

        sys.exit(soak(names[1:]))
    _prepare_environment()
    import bench

    modules = names or sorted(
        info.name for info in pkgutil.iter_modules(bench.__path__)
        if not info.name.startswith("_") and info.name != "soak"
    )
    started = time.perf_counter()
    for index, name in enumerate(modules, start=1):
        module = importlib.import_module(f"bench.{name}")
        print(f"[{index}/{len(modules)}] bench/{name}.py: {(module.__doc__ or '').strip().splitlines()[0]}", flush=True)
        module.run(report)
    print(f"bench: {len(modules)} benchmark(s) in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main(sys.argv[1:])
