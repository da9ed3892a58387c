"""Build script: the metadata is in setup.cfg; this file adds the optional
compiled extraction modules.

``pip install .`` compiles the per-article extraction modules (the temporal
tagger, the event extractor, the actor and place finders) with Cython when a
C compiler is present: the same source, about 10 % less CPU per article.
Where compiling is not possible (no compiler, ``TIMELINE_PURE=1``) the pure
Python modules are installed and give the same results.  Editable installs
(``pip install -e .``) are never compiled: a compiled module next to its
source would hide every later edit of that source.
"""

from __future__ import annotations

import os

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

#: The modules of the per-article extraction (the hot path of a build).
COMPILED = ("temporal", "events", "actors", "gazetteer")


class OptionalBuildExt(build_ext):
    """Cythonize and compile :data:`COMPILED`, or leave them pure Python."""

    def finalize_options(self) -> None:
        # (before the base class reads the extensions: it annotates each one)
        self.set_undefined_options("build", ("build_temp", "build_temp"))
        why = None
        if os.environ.get("TIMELINE_PURE"):
            why = "TIMELINE_PURE is set"
        elif getattr(self, "editable_mode", False) or self.inplace:
            why = "an editable or in-place build"
        else:
            try:
                from Cython.Build import cythonize
            except ImportError:
                why = "Cython is not installed"
        if why is None:
            # annotation_typing off: annotations stay hints, so the compiled
            # code accepts what the pure module accepts.
            self.distribution.ext_modules = cythonize(
                self.distribution.ext_modules, quiet=True, nthreads=os.cpu_count() or 1,
                build_dir=os.path.join(self.build_temp, "cython"),
                compiler_directives={"language_level": 3, "annotation_typing": False})
        else:
            print(f"timeline: pure Python modules ({why})")
            self.distribution.ext_modules = []
        super().finalize_options()
        self.parallel = self.parallel or os.cpu_count() or 1  # the C compiles, side by side

    def run(self) -> None:
        # A module not compiled now must not ship an earlier build's binary,
        # which would shadow its source (the build folder outlives builds).
        building = {ext.name for ext in self.extensions}
        for name in COMPILED:
            if f"timeline.{name}" not in building:
                self._remove(f"timeline.{name}")
        super().run()

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:  # no compiler, or one that fails: pure Python
            self._remove(ext.name)
            print(f"timeline: {ext.name} not compiled ({exc}); the pure Python module is used")

    def _remove(self, name: str) -> None:
        path = self.get_ext_fullpath(name)
        if os.path.exists(path):
            os.remove(path)


setup(
    ext_modules=[Extension(f"timeline.{m}", [f"timeline/{m}.py"]) for m in COMPILED],
    cmdclass={"build_ext": OptionalBuildExt},
)
