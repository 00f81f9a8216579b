# C types for the loop variables of hotpath.py, read by Cython when setup.py compiles it
# ("augmenting .pxd", Cython's pure-Python mode). The code itself is only in hotpath.py;
# nothing here changes what it does, only how fast: offsets become C integers and single
# characters Py_UCS4, so character tests compile to C comparisons instead of object calls.
import cython


@cython.locals(size=cython.Py_ssize_t, stem_end=cython.Py_ssize_t, start=cython.Py_ssize_t,
               end=cython.Py_ssize_t, length=cython.Py_ssize_t, given_start=cython.Py_ssize_t,
               before=cython.Py_UCS4, word_start=cython.bint, tails=dict, single=dict,
               resolved=tuple, persons=tuple, groups=tuple, found=tuple, group=tuple,
               checks=tuple, hits=list)
cpdef list scan_hits(object automaton, str folded, str text, object origin, Py_ssize_t slot,
                     bint case_sensitive, object other_persons_given_name)


@cython.locals(cursor=cython.Py_ssize_t)
cpdef list leftmost_longest(list hits)


@cython.locals(cursor=cython.Py_ssize_t, start=cython.Py_ssize_t, end=cython.Py_ssize_t,
               hit=tuple, known=tuple, rendered=dict, pieces=list, out=list)
cpdef normalize_hits(str text, str lang, list hits, object origin, dict entities, object style,
                     dict cache)
