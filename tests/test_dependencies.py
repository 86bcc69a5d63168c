"""Every library the project imports is declared in pyproject.toml, not borrowed from a
dependency's dependencies (which may drop it in any release)."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["cms", "publishing", "channels", "media", "plans", "reports", "demo", "bench", "tests"]


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules():
    """Top-level module name -> a file importing it, over the project's own code (absolute imports)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.partition(".")[0], str(path.relative_to(ROOT)))
    return found


def declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    return {normalise(re.match(r"[A-Za-z0-9_.-]+", requirement).group()): requirement for requirement in requirements}


def test_every_imported_library_is_declared_with_a_version_range():
    ours = {*PACKAGES, "manage"}
    distributions = packages_distributions()
    wanted = declared()
    missing = {}
    for module, where in imported_modules().items():
        if module in sys.stdlib_module_names or module in ours or module == "__future__":
            continue
        names = {normalise(name) for name in distributions.get(module, [])}
        assert names, f"{module} (imported in {where}) is not installed: declare it in pyproject.toml"
        if not names & wanted.keys():
            missing[module] = (sorted(names), where)
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
    unbounded = [requirement for requirement in wanted.values() if not re.search(r"[<>=~]=?", requirement)]
    assert not unbounded, f"declared without a version range: {unbounded}"
