"""The compiled-code cache is dropped whenever a source of the package changes."""

import os

from goodsgov import _jit


def test_a_changed_source_drops_the_cache_and_an_unchanged_one_keeps_it(tmp_path):
    (tmp_path / "governance").mkdir()
    (tmp_path / "governance" / "kernel.py").write_text("x = 1\n")
    cache = tmp_path / "__pycache__"
    cache.mkdir()
    (cache / "kernel.solve-1.py311.nbi").write_text("old")
    _jit._drop_stale_cache(str(tmp_path))                 # no stamp yet: dropped
    assert not (cache / "kernel.solve-1.py311.nbi").exists()
    assert (cache / _jit.STAMP).exists()
    (cache / "kernel.solve-1.py311.nbc").write_text("new")
    _jit._drop_stale_cache(str(tmp_path))                 # nothing changed: kept
    assert (cache / "kernel.solve-1.py311.nbc").exists()
    (tmp_path / "plot.py").write_text("w = 0\n")          # a file no kernel depends on: kept
    _jit._drop_stale_cache(str(tmp_path))
    assert (cache / "kernel.solve-1.py311.nbc").exists()
    sub = tmp_path / "solvers"
    sub.mkdir()
    (sub / "records.py").write_text("y = 2\n")           # another file changed: dropped
    _jit._drop_stale_cache(str(tmp_path))
    assert not (cache / "kernel.solve-1.py311.nbc").exists()
    st = os.stat(sub / "records.py")
    (cache / "a.nbi").write_text("z")
    os.utime(sub / "records.py", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))   # an edit in place
    _jit._drop_stale_cache(str(tmp_path))
    assert not (cache / "a.nbi").exists()
