/*
 * C reference for the peer comparison: GD on ½‖UᵀV − Y‖²_F (λ = 0), U, V ∈ ℝ^{k×m}, ℝ^{k×n}, 8 runs at a time with
 * AVX-512 intrinsics (structure of arrays, masked lockstep, no refill), in exactly gdsweep's operation order
 * (MatrixFactorization): R = UᵀV − Y with sums over a from the first term, ∂U[a,i] = Σⱼ V[a,j]R[i,j] + λU[a,i],
 * ∂V[a,j] = Σᵢ U[a,i]R[i,j] + λV[a,j], ‖g‖² and ‖θ‖² in parameter order. With -DUSE_FMA every a·b + c of that
 * order is one explicit _mm512_fmadd_pd and the step is fnmadd(η, g, θ) = fma(−η, g, θ): gdsweep's
 * `--arithmetic fma` (MatrixFactorization's Javadoc), written independently, so the two can be compared bit for bit.
 * Built with -fopenmp the groups of 8 runs are shared among all cores (OpenMP, each thread with its own state
 * vectors); without it, the pragmas are ignored and it runs on one thread.
 *
 * usage: kernel_matrix k m n starts.bin Y.bin runs eta tol r2 cap out.bin
 *   starts.bin: runs × P doubles (run-major); Y.bin: m×n doubles. Writes int8 status, int32 iterations, then the
 *   float64 ‖θ‖² of each run's final iterate (gdsweep's `norm2` map), so last-bit differences show too.
 */
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifdef USE_FMA
#define MADD(a, b, c) _mm512_fmadd_pd(a, b, c)
#define STEP(t, h, g) _mm512_fnmadd_pd(h, g, t)
#else
#define MADD(a, b, c) _mm512_add_pd(c, _mm512_mul_pd(a, b))
#define STEP(t, h, g) _mm512_sub_pd(t, _mm512_mul_pd(h, g))
#endif

int main(int argc, char **argv) {
    if (argc != 12) { fprintf(stderr, "usage: kernel_matrix k m n starts.bin Y.bin runs eta tol r2 cap out.bin\n"); return 2; }
    int k = atoi(argv[1]), m = atoi(argv[2]), n = atoi(argv[3]), P = k * (m + n);
    long runs = atol(argv[6]);
    double eta = atof(argv[7]), tol = atof(argv[8]), r2 = atof(argv[9]);
    int cap = atoi(argv[10]);
    double *starts = malloc(sizeof(double) * runs * P), *Y = malloc(sizeof(double) * m * n);
    FILE *f = fopen(argv[4], "rb");
    if (fread(starts, sizeof(double), runs * P, f) != (size_t) (runs * P)) return 3;
    fclose(f);
    f = fopen(argv[5], "rb");
    if (fread(Y, sizeof(double), m * n, f) != (size_t) (m * n)) return 3;
    fclose(f);
    int8_t *status = malloc(runs);
    int32_t *iters = malloc(runs * sizeof(int32_t));
    double *norm2 = malloc(runs * sizeof(double));
    const double lambda = 0, thr = tol * tol;
    const __m512d vl = _mm512_set1_pd(lambda), vh = _mm512_set1_pd(eta), vthr = _mm512_set1_pd(thr), vr2 = _mm512_set1_pd(r2);
    const __m512d vinf = _mm512_set1_pd(__builtin_inf()), vcap = _mm512_set1_pd(cap), one = _mm512_set1_pd(1);
    int vOff = k * m;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    #pragma omp parallel
    {
    /* each thread's own state and scratch vectors */
    __m512d *th = aligned_alloc(64, sizeof(__m512d) * P), *g = aligned_alloc(64, sizeof(__m512d) * P);
    __m512d *R = aligned_alloc(64, sizeof(__m512d) * m * n);
    #pragma omp for schedule(dynamic, 8)
    for (long g0 = 0; g0 < runs; g0 += 8) {
        for (int p = 0; p < P; p++) {
            double lane[8];
            for (int l = 0; l < 8; l++) lane[l] = g0 + l < runs ? starts[(g0 + l) * P + p] : 0;
            th[p] = _mm512_loadu_pd(lane);
        }
        __m512d it = _mm512_setzero_pd();
        __mmask8 conv, div, done;
        __m512d n2last;
        for (;;) {
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    __m512d s = _mm512_mul_pd(th[i], th[vOff + j]);
                    for (int a = 1; a < k; a++) s = MADD(th[a * m + i], th[vOff + a * n + j], s);
                    R[i * n + j] = _mm512_sub_pd(s, _mm512_set1_pd(Y[i * n + j]));
                }
            for (int a = 0; a < k; a++)
                for (int i = 0; i < m; i++) {
                    __m512d s = _mm512_mul_pd(th[vOff + a * n], R[i * n]);
                    for (int j = 1; j < n; j++) s = MADD(th[vOff + a * n + j], R[i * n + j], s);
                    g[a * m + i] = MADD(vl, th[a * m + i], s);
                }
            for (int a = 0; a < k; a++)
                for (int j = 0; j < n; j++) {
                    __m512d s = _mm512_mul_pd(th[a * m], R[j]);
                    for (int i = 1; i < m; i++) s = MADD(th[a * m + i], R[i * n + j], s);
                    g[vOff + a * n + j] = MADD(vl, th[vOff + a * n + j], s);
                }
            __m512d g2 = _mm512_mul_pd(g[0], g[0]), n2 = _mm512_mul_pd(th[0], th[0]);
            for (int p = 1; p < P; p++) {
                g2 = MADD(g[p], g[p], g2);
                n2 = MADD(th[p], th[p], n2);
            }
            conv = _mm512_cmp_pd_mask(g2, vthr, _CMP_LE_OQ);
            div = (__mmask8) (~_mm512_cmp_pd_mask(n2, vr2, _CMP_LE_OQ) | ~_mm512_cmp_pd_mask(g2, vinf, _CMP_LT_OQ));
            done = conv | div | _mm512_cmp_pd_mask(it, vcap, _CMP_GE_OQ);
            n2last = n2;
            if (done == 0xFF) break;
            __mmask8 active = (__mmask8) ~done;
            for (int p = 0; p < P; p++) th[p] = _mm512_mask_mov_pd(th[p], active, STEP(th[p], vh, g[p]));
            it = _mm512_mask_add_pd(it, active, it, one);
        }
        double itv[8], n2v[8];
        _mm512_storeu_pd(itv, it);
        _mm512_storeu_pd(n2v, n2last);
        for (int l = 0; l < 8 && g0 + l < runs; l++) {
            status[g0 + l] = (conv >> l & 1) ? 0 : (div >> l & 1) ? 1 : 2;
            iters[g0 + l] = (int32_t) itv[l];
            norm2[g0 + l] = n2v[l];
        }
    }
    free(th);
    free(g);
    free(R);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long lane_iterations = 0;
    for (long r = 0; r < runs; r++) lane_iterations += iters[r];
    f = fopen(argv[11], "wb");
    fwrite(status, 1, runs, f);
    fwrite(iters, sizeof(int32_t), runs, f);
    fwrite(norm2, sizeof(double), runs, f);
    fclose(f);
    printf("%ld %.6f\n", lane_iterations, (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec));
    return 0;
}
