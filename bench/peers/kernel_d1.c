/*
 * C reference for the peer comparison: GD on ½(xy − t)² + (λ/2)(x² + y²) from a grid of starts, 8 lanes at a time
 * with AVX-512 intrinsics, masked lockstep (a finished lane is frozen until its whole group is done). Same
 * operation order and stopping rule as gdsweep (see ScalarVectorFactorization and StopRule), so with
 * -ffp-contract=off and FMA off the statuses and iteration counts are identical; -DUSE_FMA fuses r*y + lam*x etc.
 *
 * Built with -fopenmp the groups of 8 runs are shared among all cores (OpenMP, dynamic schedule: runs differ in length);
 * without it, the pragmas are ignored and it runs on one thread. Each group's arithmetic is the same either way.
 *
 * usage: kernel_d1 N lo hi eta tol r2 cap out.bin   (writes int8 status then int32 iterations, row-major N×N)
 */
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double coord(double lo, double hi, int n, int i) {
    if (n == 1) return 0.5 * (lo + hi);
    if (i == n - 1) return hi;
    return lo + (hi - lo) * i / (n - 1);
}

int main(int argc, char **argv) {
    if (argc != 9) { fprintf(stderr, "usage: kernel_d1 N lo hi eta tol r2 cap out.bin\n"); return 2; }
    int n = atoi(argv[1]);
    double lo = atof(argv[2]), hi = atof(argv[3]), eta = atof(argv[4]), tol = atof(argv[5]), r2 = atof(argv[6]);
    int cap = atoi(argv[7]);
    const double target = 1.0, lambda = 0.0, thr = tol * tol;
    long runs = (long) n * n;
    double *xs = aligned_alloc(64, ((runs + 7) / 8 * 8) * sizeof(double));
    double *ys = aligned_alloc(64, ((runs + 7) / 8 * 8) * sizeof(double));
    int8_t *status = malloc(runs);
    int32_t *iters = malloc(runs * sizeof(int32_t));
    #pragma omp parallel for schedule(static)
    for (long k = 0; k < (runs + 7) / 8 * 8; k++) {
        if (k < runs) {
            int i = k % n, j = k / n;
            xs[k] = coord(lo, hi, n, i);
            ys[k] = coord(lo, hi, n, j);
        } else { xs[k] = 0; ys[k] = 0; }
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    const __m512d vt = _mm512_set1_pd(target), vl = _mm512_set1_pd(lambda), vh = _mm512_set1_pd(eta);
    const __m512d vthr = _mm512_set1_pd(thr), vr2 = _mm512_set1_pd(r2), vinf = _mm512_set1_pd(__builtin_inf());
    const __m512d vcap = _mm512_set1_pd(cap), one = _mm512_set1_pd(1.0);
    long lane_iterations = 0;
    #pragma omp parallel for schedule(dynamic, 256) reduction(+ : lane_iterations)
    for (long g = 0; g < (runs + 7) / 8; g++) {
        __m512d x = _mm512_load_pd(xs + 8 * g), y = _mm512_load_pd(ys + 8 * g), it = _mm512_setzero_pd();
        __mmask8 conv = 0, div = 0, done = 0;
        for (;;) {
            __m512d r = _mm512_sub_pd(_mm512_mul_pd(x, y), vt);
#ifdef USE_FMA
            __m512d gx = _mm512_fmadd_pd(r, y, _mm512_mul_pd(vl, x));
            __m512d gy = _mm512_fmadd_pd(r, x, _mm512_mul_pd(vl, y));
            __m512d g2 = _mm512_fmadd_pd(gx, gx, _mm512_mul_pd(gy, gy));
            __m512d n2 = _mm512_fmadd_pd(x, x, _mm512_mul_pd(y, y));
#else
            __m512d gx = _mm512_add_pd(_mm512_mul_pd(r, y), _mm512_mul_pd(vl, x));
            __m512d gy = _mm512_add_pd(_mm512_mul_pd(r, x), _mm512_mul_pd(vl, y));
            __m512d g2 = _mm512_add_pd(_mm512_mul_pd(gx, gx), _mm512_mul_pd(gy, gy));
            __m512d n2 = _mm512_add_pd(_mm512_mul_pd(x, x), _mm512_mul_pd(y, y));
#endif
            conv = _mm512_cmp_pd_mask(g2, vthr, _CMP_LE_OQ);
            div = (__mmask8) (~_mm512_cmp_pd_mask(n2, vr2, _CMP_LE_OQ) | ~_mm512_cmp_pd_mask(g2, vinf, _CMP_LT_OQ));
            done = conv | div | _mm512_cmp_pd_mask(it, vcap, _CMP_GE_OQ);
            if (done == 0xFF) break;
            __mmask8 active = (__mmask8) ~done;
#ifdef USE_FMA
            x = _mm512_mask_blend_pd(active, x, _mm512_fnmadd_pd(vh, gx, x)); /* x - eta*gx, fused */
            y = _mm512_mask_blend_pd(active, y, _mm512_fnmadd_pd(vh, gy, y));
#else
            x = _mm512_mask_sub_pd(x, active, x, _mm512_mul_pd(vh, gx));
            y = _mm512_mask_sub_pd(y, active, y, _mm512_mul_pd(vh, gy));
#endif
            it = _mm512_mask_add_pd(it, active, it, one);
        }
        double itv[8];
        _mm512_storeu_pd(itv, it);
        for (int l = 0; l < 8; l++) {
            long k = 8 * g + l;
            if (k >= runs) break;
            status[k] = (conv >> l & 1) ? 0 : (div >> l & 1) ? 1 : 2;
            iters[k] = (int32_t) itv[l];
            lane_iterations += iters[k];
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
    FILE *f = fopen(argv[8], "wb");
    fwrite(status, 1, runs, f);
    fwrite(iters, sizeof(int32_t), runs, f);
    fclose(f);
    printf("%ld %.6f\n", lane_iterations, secs);
    return 0;
}
