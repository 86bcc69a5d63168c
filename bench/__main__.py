"""`make bench`: run every benchmark module in bench/ (or those named on the command line).

Each module has ``run(report)``; ``report(name, measured, baseline, unit, note)``
prints one figure as a ratio to its baseline, measured in the same run, because
absolute times on a shared 2-core machine mean little.
"""

import importlib
import pkgutil
import sys
import time

import django


def report(name, measured, baseline, unit="s", note=""):
    ratio = measured / baseline if baseline else float("inf")
    print(f"  {name:<58} {measured:>10.4f} {unit:<4} baseline {baseline:>10.4f} {unit:<4} ratio {ratio:>6.2f}x  {note}")


def main(names):
    django.setup()
    import bench

    modules = names or sorted(
        info.name for info in pkgutil.iter_modules(bench.__path__) if not info.name.startswith("_")
    )
    started = time.perf_counter()
    for index, name in enumerate(modules, start=1):
        module = importlib.import_module(f"bench.{name}")
        print(f"[{index}/{len(modules)}] bench/{name}.py: {(module.__doc__ or '').strip().splitlines()[0]}")
        module.run(report)
    print(f"bench: {len(modules)} benchmark(s) in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main(sys.argv[1:])
