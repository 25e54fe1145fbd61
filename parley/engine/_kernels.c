/*
 * Compiled loops for the engine's hottest sparse products; see parley/engine/kernels.py.
 *
 * Each function adds in exactly the order scipy's products do, so its results are
 * bit-identical to the numpy/scipy fallback in kernels.py; they are faster because
 * one pass over the stored votes does the work of several scipy calls, and they
 * release the GIL so that the engine's stages run side by side.
 *
 * The matrices are in compressed-row form with 32-bit indptr and indices. These
 * functions check every buffer's type and length, the indptr array, and every
 * column index against the length of the vectors indexed by column, before any
 * loop reads or writes through them: the module is safe to call directly, not
 * only through kernels.py. The index check is one branch-free pass over the
 * indices, memory-bound: 0.56 ms per 4.5M indices, some 4% of an analysis
 * (bench/README.md, "The column-index check").
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    Py_buffer view;
    int held;
} Buffer;

/* Take a C-contiguous buffer of `count` items (any count if count < 0) of 32-bit signed
   integers (kind 'i') or 64-bit floats (kind 'd'). */
static int take(PyObject *obj, Buffer *buffer, char kind, int writable, Py_ssize_t count, const char *name)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, &buffer->view, flags) < 0) {
        return -1;
    }
    buffer->held = 1;
    const char *format = buffer->view.format ? buffer->view.format : "B";
    size_t length = strlen(format);
    /* One type code, optionally after a byte-order mark that means this machine's order. */
    const int little = *(const unsigned char *)&(uint16_t){1};
    int native = length == 1
                 || (length == 2
                     && (format[0] == '@' || format[0] == '=' || format[0] == (little ? '<' : '>')
                         || (!little && format[0] == '!')));
    char code = length ? format[length - 1] : '\0';
    int ok = native
             && (kind == 'd' ? (code == 'd' && buffer->view.itemsize == 8)
                             : ((code == 'i' || code == 'l') && buffer->view.itemsize == 4));
    if (!ok) {
        PyErr_Format(PyExc_TypeError, "%s must hold %s in this machine's byte order", name,
                     kind == 'd' ? "float64" : "int32");
        return -1;
    }
    Py_ssize_t items = buffer->view.len / buffer->view.itemsize;
    if (count >= 0 && items != count) {
        PyErr_Format(PyExc_ValueError, "%s has %zd items, expected %zd", name, items, count);
        return -1;
    }
    return 0;
}

static void release(Buffer *buffers, int n)
{
    for (int i = 0; i < n; i++) {
        if (buffers[i].held) {
            PyBuffer_Release(&buffers[i].view);
            buffers[i].held = 0;
        }
    }
}

static Py_ssize_t items(const Buffer *buffer)
{
    return buffer->view.len / buffer->view.itemsize;
}

/* Check that indptr starts at 0, never decreases and ends at nnz. */
static int check_indptr(const int32_t *indptr, Py_ssize_t n, Py_ssize_t nnz)
{
    if (indptr[0] != 0 || indptr[n] != nnz) {
        PyErr_SetString(PyExc_ValueError, "indptr must start at 0 and end at the number of stored values");
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (indptr[i + 1] < indptr[i]) {
            PyErr_SetString(PyExc_ValueError, "indptr must not decrease");
            return -1;
        }
    }
    return 0;
}

/* Return the position of the first column index outside [0, n_cols), or -1 if there is none.
   One unsigned comparison catches negative indices too; the loop ORs the outcomes without a
   branch, so that it vectorises, and looks for the culprit only when there is one. */
static Py_ssize_t first_bad_column(const int32_t *cols, Py_ssize_t nnz, Py_ssize_t n_cols)
{
    const uint32_t limit = n_cols > (Py_ssize_t)UINT32_MAX ? UINT32_MAX : (uint32_t)n_cols;
    const Py_ssize_t block = 1 << 16;
    for (Py_ssize_t start = 0; start < nnz; start += block) {
        Py_ssize_t end = nnz - start < block ? nnz : start + block;
        int bad = 0;
        for (Py_ssize_t k = start; k < end; k++) {
            bad |= (uint32_t)cols[k] >= limit;
        }
        if (bad) {
            for (Py_ssize_t k = start; k < end; k++) {
                if ((uint32_t)cols[k] >= limit) {
                    return k;
                }
            }
        }
    }
    return -1;
}

/* Raise ValueError, with the GIL held, for a column index that first_bad_column found. */
static void column_error(const int32_t *cols, Py_ssize_t at, Py_ssize_t n_cols)
{
    PyErr_Format(PyExc_ValueError, "column index %d at position %zd is outside 0..%zd", (int)cols[at], at, n_cols - 1);
}

/* Read indptr, indices and data, and check that they describe one matrix. */
static int take_matrix(PyObject *const *args, Buffer *buffers, Py_ssize_t *n_rows)
{
    if (take(args[0], &buffers[0], 'i', 0, -1, "indptr") < 0 || take(args[1], &buffers[1], 'i', 0, -1, "indices") < 0
        || take(args[2], &buffers[2], 'd', 0, items(&buffers[1]), "data") < 0) {
        return -1;
    }
    *n_rows = items(&buffers[0]) - 1;
    if (*n_rows < 0) {
        PyErr_SetString(PyExc_ValueError, "indptr must not be empty");
        return -1;
    }
    return check_indptr((const int32_t *)buffers[0].view.buf, *n_rows, items(&buffers[1]));
}

static int arity(Py_ssize_t nargs, Py_ssize_t expected, const char *name)
{
    if (nargs != expected) {
        PyErr_Format(PyExc_TypeError, "%s takes %zd arguments (%zd given)", name, expected, nargs);
        return -1;
    }
    return 0;
}

/* out = Z^T (Z v); every column index is below m, the length of v and out. */
static void gram_loop(const int32_t *indptr, const int32_t *cols, const double *data, const double *v, double *out,
                      Py_ssize_t n, Py_ssize_t m)
{
    memset(out, 0, (size_t)m * sizeof(double));
    /* Row i's scatter into out runs alongside row i + 1's dot product with v: the two are
       independent, and the dot product alone would wait on its chain of additions. */
    double s = 0.0;
    if (n > 0) {
        for (int32_t k = indptr[0]; k < indptr[1]; k++) {
            s += data[k] * v[cols[k]];
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        int32_t start = indptr[i], middle = indptr[i + 1], end = i + 1 < n ? indptr[i + 2] : middle;
        int32_t here = middle - start, next = end - middle, both = here < next ? here : next;
        const double *data_here = data + start, *data_next = data + middle;
        const int32_t *cols_here = cols + start, *cols_next = cols + middle;
        double t = 0.0;
        int32_t q = 0;
        for (; q < both; q++) {
            out[cols_here[q]] += data_here[q] * s;
            t += data_next[q] * v[cols_next[q]];
        }
        for (int32_t r = q; r < here; r++) {
            out[cols_here[r]] += data_here[r] * s;
        }
        for (int32_t r = q; r < next; r++) {
            t += data_next[r] * v[cols_next[r]];
        }
        s = t;
    }
}

PyDoc_STRVAR(gram_product_doc,
             "gram_product(indptr, indices, data, v, out)\n--\n\n"
             "Set out to Z^T (Z v) for the CSR matrix Z, in one pass over its rows.\n"
             "Raise ValueError if a column index is outside 0 .. len(v) - 1.");

static PyObject *gram_product(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Buffer b[5];
    memset(b, 0, sizeof b);
    (void)module;
    Py_ssize_t n;
    if (arity(nargs, 5, "gram_product") < 0 || take_matrix(args, b, &n) < 0
        || take(args[3], &b[3], 'd', 0, -1, "v") < 0 || take(args[4], &b[4], 'd', 1, items(&b[3]), "out") < 0) {
        release(b, 5);
        return NULL;
    }
    const int32_t *indptr = b[0].view.buf, *cols = b[1].view.buf;
    const double *data = b[2].view.buf, *v = b[3].view.buf;
    double *out = b[4].view.buf;
    Py_ssize_t m = items(&b[3]), bad;
    Py_BEGIN_ALLOW_THREADS
    bad = first_bad_column(cols, items(&b[1]), m);
    if (bad < 0) {
        gram_loop(indptr, cols, data, v, out, n, m);
    }
    Py_END_ALLOW_THREADS
    if (bad >= 0) {
        column_error(cols, bad, m);
    }
    release(b, 5);
    return bad >= 0 ? NULL : Py_NewRef(Py_None);
}

/* Five sums per row; every column index is below the length of g and intercept. */
static void row_loop(const int32_t *indptr, const int32_t *cols, const double *r, const double *g,
                     const double *intercept, double *out, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        double g1 = 0.0, g2 = 0.0, b1 = 0.0, bg = 0.0, rg = 0.0;
        for (int32_t k = indptr[i]; k < indptr[i + 1]; k++) {
            int32_t j = cols[k];
            double gj = g[j], bj = intercept[j];
            g1 += gj;
            g2 += gj * gj;
            b1 += bj;
            bg += bj * gj;
            rg += r[k] * gj;
        }
        double *row = out + 5 * i;
        row[0] = g1;
        row[1] = g2;
        row[2] = b1;
        row[3] = bg;
        row[4] = rg;
    }
}

PyDoc_STRVAR(row_sums_doc,
             "row_sums(indptr, indices, ratings, g, b, out)\n--\n\n"
             "For each row i, set out[i] to the sums over its stored cells j of\n"
             "g_j, g_j^2, b_j, b_j g_j and r_ij g_j (out has 5 values per row).\n"
             "Raise ValueError if a column index is outside 0 .. len(g) - 1.");

static PyObject *row_sums(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Buffer b[6];
    memset(b, 0, sizeof b);
    (void)module;
    Py_ssize_t n;
    if (arity(nargs, 6, "row_sums") < 0 || take_matrix(args, b, &n) < 0 || take(args[3], &b[3], 'd', 0, -1, "g") < 0
        || take(args[4], &b[4], 'd', 0, items(&b[3]), "b") < 0 || take(args[5], &b[5], 'd', 1, 5 * n, "out") < 0) {
        release(b, 6);
        return NULL;
    }
    const int32_t *indptr = b[0].view.buf, *cols = b[1].view.buf;
    const double *r = b[2].view.buf, *g = b[3].view.buf, *intercept = b[4].view.buf;
    double *out = b[5].view.buf;
    Py_ssize_t m = items(&b[3]), bad;
    Py_BEGIN_ALLOW_THREADS
    bad = first_bad_column(cols, items(&b[1]), m);
    if (bad < 0) {
        row_loop(indptr, cols, r, g, intercept, out, n);
    }
    Py_END_ALLOW_THREADS
    if (bad >= 0) {
        column_error(cols, bad, m);
    }
    release(b, 6);
    return bad >= 0 ? NULL : Py_NewRef(Py_None);
}

/* Five sums per column into out (5 values per column); every column index is within out. */
static void column_loop(const int32_t *indptr, const int32_t *cols, const double *r, const double *f,
                        const double *a, double *out, Py_ssize_t n, Py_ssize_t size)
{
    memset(out, 0, (size_t)size * sizeof(double));
    for (Py_ssize_t i = 0; i < n; i++) {
        double fi = f[i], ai = a[i], ff = fi * fi, af = ai * fi;
        for (int32_t k = indptr[i]; k < indptr[i + 1]; k++) {
            double *column = out + 5 * (Py_ssize_t)cols[k];
            column[0] += fi;
            column[1] += ff;
            column[2] += ai;
            column[3] += af;
            column[4] += r[k] * fi;
        }
    }
}

PyDoc_STRVAR(column_sums_doc,
             "column_sums(indptr, indices, ratings, f, a, out)\n--\n\n"
             "For each column j, set out[j] to the sums over its stored cells i of\n"
             "f_i, f_i^2, a_i, a_i f_i and r_ij f_i (out has 5 values per column).\n"
             "Raise ValueError if a column index is outside 0 .. len(out) / 5 - 1.");

static PyObject *column_sums(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Buffer b[6];
    memset(b, 0, sizeof b);
    (void)module;
    Py_ssize_t n;
    if (arity(nargs, 6, "column_sums") < 0 || take_matrix(args, b, &n) < 0
        || take(args[3], &b[3], 'd', 0, n, "f") < 0 || take(args[4], &b[4], 'd', 0, n, "a") < 0
        || take(args[5], &b[5], 'd', 1, -1, "out") < 0) {
        release(b, 6);
        return NULL;
    }
    if (items(&b[5]) % 5 != 0) {
        PyErr_SetString(PyExc_ValueError, "out must hold 5 values per column");
        release(b, 6);
        return NULL;
    }
    const int32_t *indptr = b[0].view.buf, *cols = b[1].view.buf;
    const double *r = b[2].view.buf, *f = b[3].view.buf, *a = b[4].view.buf;
    double *out = b[5].view.buf;
    Py_ssize_t size = items(&b[5]), bad;
    Py_BEGIN_ALLOW_THREADS
    bad = first_bad_column(cols, items(&b[1]), size / 5);
    if (bad < 0) {
        column_loop(indptr, cols, r, f, a, out, n, size);
    }
    Py_END_ALLOW_THREADS
    if (bad >= 0) {
        column_error(cols, bad, size / 5);
    }
    release(b, 6);
    return bad >= 0 ? NULL : Py_NewRef(Py_None);
}

static PyMethodDef methods[] = {
    {"gram_product", (PyCFunction)(void (*)(void))gram_product, METH_FASTCALL, gram_product_doc},
    {"row_sums", (PyCFunction)(void (*)(void))row_sums, METH_FASTCALL, row_sums_doc},
    {"column_sums", (PyCFunction)(void (*)(void))column_sums, METH_FASTCALL, column_sums_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "parley.engine._kernels",
    .m_doc = "Compiled loops for parley.engine (see kernels.py).",
    .m_size = 0,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__kernels(void)
{
    return PyModuleDef_Init(&module_def);
}
