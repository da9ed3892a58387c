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

    def run(self) -> None:
        if os.environ.get("TIMELINE_PURE") or getattr(self, "editable_mode", False) \
                or self.inplace:
            self.extensions = []
            return
        try:
            from Cython.Build import cythonize
        except ImportError:
            print("timeline: Cython is not installed; pure Python modules")
            self.extensions = []
            return
        # annotation_typing off: annotations stay hints, so the compiled code
        # accepts what the pure module accepts.
        self.extensions = cythonize(
            self.extensions, build_dir=os.path.join(self.build_temp, "cython"), quiet=True,
            nthreads=os.cpu_count() or 1,
            compiler_directives={"language_level": 3, "annotation_typing": False})
        self.parallel = self.parallel or os.cpu_count() or 1  # the C compiles, side by side
        super().run()

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:  # no compiler, or one that fails: pure Python
            print(f"timeline: {ext.name} not compiled ({exc}); the pure Python module is used")


setup(
    ext_modules=[Extension(f"timeline.{m}", [f"timeline/{m}.py"]) for m in COMPILED],
    cmdclass={"build_ext": OptionalBuildExt},
)
