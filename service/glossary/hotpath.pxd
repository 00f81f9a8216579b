# C types for the loop variables of hotpath.py, read by Cython when setup.py compiles it
# ("augmenting .pxd", Cython's pure-Python mode). The code itself is only in hotpath.py;
# nothing here changes what it does, only how fast: offsets become C integers, single
# characters Py_UCS4, and the index's integer arrays (matcher.FlatIndex) typed memoryviews,
# so character tests and table reads compile to C instead of object calls.
import cython


@cython.no_gc
@cython.freelist(512)
@cython.final
cdef class NormalizedMention:
    cdef readonly str id
    cdef readonly str type
    cdef readonly Py_ssize_t start
    cdef readonly Py_ssize_t end
    cdef readonly str surface
    cdef readonly str canonical


# module constants read in the loops: C values, not global-dict lookups and int objects
cdef Py_ssize_t HIT_SIZE, SLOT_ROW
cdef Py_ssize_t NOT_EXTENDED, GIVEN_FIRST, INITIALS_FIRST, SURNAME_FIRST_ONLY, SURNAME_FIRST_INITIALS
cdef str JOINERS, TOKEN_JOINERS
cdef frozenset _EXTRA_WORD


@cython.final
cdef class OffsetMap:
    cdef readonly object starts
    cdef readonly object ends
    cdef readonly object origins
    cdef long long[:] start_view
    cdef long long[:] end_view
    cdef long long[:] origin_view

    @cython.locals(starts=cython.longlong[:], low=cython.Py_ssize_t, high=cython.Py_ssize_t,
                   middle=cython.Py_ssize_t, i=cython.Py_ssize_t)
    cpdef Py_ssize_t map(self, Py_ssize_t position, bint is_end)


cdef class IntRows:
    cdef readonly object data
    cdef long long[:] view
    cdef public Py_ssize_t count
    cdef Py_ssize_t capacity
    cdef readonly Py_ssize_t width

    cdef void _grow(self)


@cython.final
cdef class Hits(IntRows):
    @cython.locals(row=cython.Py_ssize_t)
    cpdef void add(self, Py_ssize_t start, Py_ssize_t end, Py_ssize_t entity, Py_ssize_t template,
                   Py_ssize_t extended, Py_ssize_t given)


@cython.final
cdef class StemHits(IntRows):
    cdef inline void add(self, Py_ssize_t end, Py_ssize_t value)


@cython.locals(stems=StemHits, stem_end=cython.Py_ssize_t, key=cython.Py_ssize_t)
cpdef StemHits stem_hits(object automaton, str folded)


@cython.locals(stems=StemHits, stem_view=cython.longlong[:], stem_number=cython.Py_ssize_t, size=cython.Py_ssize_t, stem_end=cython.Py_ssize_t, start=cython.Py_ssize_t,
               end=cython.Py_ssize_t, length=cython.Py_ssize_t, given_start=cython.Py_ssize_t,
               row=cython.Py_ssize_t, key=cython.Py_ssize_t, first=cython.Py_ssize_t,
               count=cython.Py_ssize_t, pair=cython.Py_ssize_t, person=cython.Py_ssize_t,
               choice=cython.Py_ssize_t, checks=cython.int, case=cython.Py_ssize_t,
               key_rows=cython.int[:], tails=cython.Py_ssize_t, slot_rows=cython.int[:],
               tail_numbers=dict, person_tables=list, person_rows=cython.int[:], first_letters=cython.int[:],
               given_tokens=dict, given_keys=cython.longlong[:], given_rows=cython.int[:],
               token_count=cython.longlong, given_mask=cython.longlong, person_row=cython.Py_ssize_t,
               table=cython.longlong, given=cython.Py_ssize_t, slow=cython.bint,
               before=cython.Py_UCS4, token_number=cython.longlong, token=str, single=dict, found=tuple, group=tuple, groups=tuple, hits=Hits)
cpdef Hits scan_hits(object automaton, object flat, str folded, str text, OffsetMap origin,
                     Py_ssize_t slot, bint case_sensitive, object other_persons_given_name)


@cython.locals(keys=list, pair_tails=list, tail_numbers=dict, pairs=list, choices=list, persons=list,
               person_rows=list, entity_number=dict, tails=dict, owners=list, flat=tuple, tables=list,
               groups=list, owner=tuple, by_table=dict, known=tuple, case=cython.Py_ssize_t, number=cython.Py_ssize_t,
               choice=cython.Py_ssize_t, ambiguous=cython.bint)
cpdef tuple lay_out_pairs(dict table, dict entities, object rows, object summary, object ambiguous_with_feminine)


@cython.locals(view=cython.int[:], at=cython.Py_ssize_t, row=cython.Py_ssize_t, first=cython.Py_ssize_t,
               count=cython.Py_ssize_t, i=cython.Py_ssize_t)
cpdef object key_records(int[:] keys, int[:] pair_tails)


@cython.locals(count=cython.Py_ssize_t, view=cython.int[:], pair=cython.Py_ssize_t, choice=cython.Py_ssize_t,
               person=cython.Py_ssize_t, row=cython.Py_ssize_t)
cpdef object rows_for_slot(int[:] pairs, int[:] choices, int[:] person_rows, Py_ssize_t slot)


@cython.locals(entries=cython.Py_ssize_t, count=cython.longlong, size=cython.longlong, mask=cython.longlong,
               key_view=cython.longlong[:], row_view=cython.int[:], number=cython.longlong, base=cython.longlong,
               key=cython.longlong, slot=cython.longlong, row=cython.Py_ssize_t, tokens=dict, table=dict,
               found=tuple)
cpdef tuple given_name_hash(list tables)


@cython.locals(i=cython.Py_ssize_t)
cdef inline bint _letters_only(str folded, Py_ssize_t start, Py_ssize_t end)


cdef inline bint _upper_case(str text, Py_ssize_t start, Py_ssize_t end)


@cython.locals(i=cython.Py_ssize_t, char=cython.Py_UCS4)
cdef inline bint _other_space(str text, Py_ssize_t start, Py_ssize_t end)


@cython.locals(low=cython.Py_ssize_t, i=cython.Py_ssize_t)
cdef inline Py_ssize_t _after_previous_space(str folded, Py_ssize_t start)


@cython.locals(slot=cython.longlong, found=cython.longlong)
cdef inline Py_ssize_t _given_slot(long long[:] given_keys, long long key, long long mask)


@cython.locals(i=cython.Py_ssize_t, code=cython.int)
cdef inline bint _starts_given_name(int[:] first_letters, Py_ssize_t first, Py_ssize_t count, Py_UCS4 char)


@cython.locals(end=cython.Py_ssize_t)
cdef inline Py_ssize_t _word_run_end(str folded, Py_ssize_t start, Py_ssize_t size)


@cython.locals(end=cython.Py_ssize_t)
cdef inline Py_ssize_t _token_run_end(str folded, Py_ssize_t start, Py_ssize_t size)


cdef inline bint _word_char(Py_UCS4 char)


@cython.locals(before=list, after=list, merged=dict, found=tuple, token_end=cython.Py_ssize_t)
cdef tuple _extend(str folded, Py_ssize_t start, Py_ssize_t end, tuple persons)


@cython.locals(out=list)
cdef list _tokens_before(str folded, Py_ssize_t start, bint two_tokens)


@cython.locals(size=cython.Py_ssize_t, first_end=cython.Py_ssize_t, dotted=cython.Py_ssize_t,
               second_end=cython.Py_ssize_t, out=list)
cdef list _tokens_after(str folded, Py_ssize_t end, bint two_tokens)


@cython.locals(k=cython.Py_ssize_t, i=cython.Py_ssize_t)
cpdef token_start(str folded, Py_ssize_t end)


cdef bint wrong_case(str text, Py_ssize_t start, Py_ssize_t stem_start, Py_ssize_t stem_end, Py_ssize_t end,
                     int case, OffsetMap origin)


@cython.locals(pair=cython.Py_ssize_t)
cdef inline Py_ssize_t _find_pair(int[:] key_rows, Py_ssize_t tails, Py_ssize_t first, Py_ssize_t count,
                                  Py_ssize_t tail)


@cython.locals(cut=cython.Py_ssize_t, pair=cython.Py_ssize_t, i=cython.Py_ssize_t)
cdef tuple _shorter_word_end(str folded, Py_ssize_t stem_end, Py_ssize_t end, dict tail_numbers,
                             int[:] key_rows, Py_ssize_t tails, Py_ssize_t first, Py_ssize_t count)


@cython.locals(view=cython.longlong[:], count=cython.Py_ssize_t, cursor=cython.longlong, row=cython.Py_ssize_t,
               kept=cython.Py_ssize_t, field=cython.Py_ssize_t, number=cython.Py_ssize_t)
cpdef Hits leftmost_longest(Hits hits)


@cython.locals(i=cython.Py_ssize_t, row=cython.Py_ssize_t, target=cython.Py_ssize_t, k=cython.Py_ssize_t,
               start=cython.longlong, end=cython.longlong, entity=cython.longlong, template=cython.longlong,
               extended=cython.longlong, given=cython.longlong)
cdef void _sort_by_start_longest_first(long long[:] view, Py_ssize_t count)


@cython.locals(cursor=cython.Py_ssize_t, start=cython.Py_ssize_t, end=cython.Py_ssize_t,
               entity_count=cython.Py_ssize_t, key=cython.Py_ssize_t, extended=cython.Py_ssize_t,
               entity_number=cython.Py_ssize_t, template_number=cython.Py_ssize_t, row=cython.Py_ssize_t,
               number=cython.Py_ssize_t,
               view=cython.longlong[:], rendered=dict, pieces=list, out=list, surface=str, canonical=str,
               entity_ids=list, entity_types=list, entity_id=str, spaced=cython.bint)
cpdef normalize_hits(str text, str lang, Hits hits, OffsetMap origin, object index, object style,
                     dict cache)


@cython.locals(mention=NormalizedMention)
cdef inline NormalizedMention _mention(str entity_id, str entity_type, Py_ssize_t start, Py_ssize_t end,
                                       str surface, str canonical)
