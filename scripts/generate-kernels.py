#!/usr/bin/env python3
"""Generates the lane kernels that are mechanical variants of a hand-written one (engine/src/main/java/.../vector/).

Arithmetic twins: the Fused and Float32 variants of ScalarFactorizationLanes (d = 1), ScalarVectorLanes,
DeepChainLanes and LinearNetworkLanes do the same operations as those hand-written exact kernels in FMA or float32
arithmetic (each problem's Javadoc defines the order). Every substitution is checked, so an edit of a template that the generator does not
understand fails loudly instead of letting the twins drift.

Shape-specialised matrix kernels (MatrixLanes<k>x<m>x<n>.java and their Fused/Float32 twins), two kinds:
- copies of MatrixLanes with k, m, n as compile-time constants (SHAPES): C2 unrolls the short inner sums and
  resolves every buffer offset, which made the 5x4 kernel 1.8x faster than the generic one (KernelBenchmark,
  2026-11-22). They differ from MatrixLanes only in those constants.
- register-blocked kernels (BLOCKED, shapes whose m*n residuals fit in vector registers next to a row of U and V):
  R = U^T V - Y is accumulated over a as rank-one updates in m*n local vectors, so the gradient reads R from
  registers instead of re-reading a residual buffer; another 1.5x on 5x4 (BENCHMARKS.md, "register-blocked").
All matrix kernels advance their lanes in block(), a method of its own, which fixed the blocked kernels' cold start
(same section).

Straight-line scalar kernels (ScalarMatrixRuns<k>x<m>x<n>.java, SCALAR_RUNS): one run at a time, the exact
MatrixFactorization reference's operations in its order with every parameter, residual and gradient component a local
variable, one GD step per call of step(). A cold sweep runs on them while the JIT compiles the vector kernel (the warm
start): about 4x the reference's speed warm (BENCHMARKS.md, session 13).
Straight-line scalar-vector kernels (ScalarVectorRuns<d>.java, SCALAR_VECTOR_RUNS): ScalarVectorRuns (any d, θ and
∇L in arrays) with d a compile-time constant and every uᵢ, vᵢ, gradient component in a local variable. d = 1 is the
½(xy − 1)² maps' (hand-written as ScalarFactorizationRuns until session 19), d = 5 the built-in default sweep's problem
([LM] Fig. 1 left), which a cold process computes on this loop at up to ~1024²: its kernel phase went from 0.415 to
0.33 s (BENCHMARKS.md, session 19).
Every kernel performs exactly its reference's operations in its order (the bit-identity tests cover each one).

Run after editing a template (MatrixLanes, ScalarFactorizationLanes, ScalarVectorLanes, DeepChainLanes,
LinearNetworkLanes) or this script:
    python3 scripts/generate-kernels.py
With --check (run by ./run-tests) it writes nothing and fails if a committed copy differs from what it would write.
"""
import pathlib
import re
import sys

check = "--check" in sys.argv[1:]
stale = []

SHAPES = [(10, 10, 10)]
BLOCKED = [(5, 4, 4)]  # m*n + m + n + ~8 constants and accumulators must stay within 32 vector registers
SCALAR_RUNS = [(5, 4, 4)]  # straight-line scalar step: ~90 bytes of bytecode per parameter, within HugeMethodLimit (8000)
SCALAR_VECTOR_RUNS = [1, 5]  # the ½(xy − 1)² maps' d and the default problem's


def blocked_kernel(k, m, n, fused=False):
    """Source of a register-blocked kernel: R = UᵀV − Y lives in m·n local vectors. fused: FMA arithmetic."""
    name = f"{'Fused' if fused else ''}MatrixLanes{k}x{m}x{n}"
    acc = (lambda s, x, y: f"{x}.fma({y}, {s})") if fused else (lambda s, x, y: f"{s}.add({x}.mul({y}))")
    P = k * (m + n)
    I = "                "  # indent inside the c-loop
    out = []
    w = out.append
    rn = lambda i, j: f"r{i}{j}" if m < 10 and n < 10 else f"r{i}_{j}"
    # R: outer-product accumulation over a, in the reference order (a = 0 first, then + each a)
    w(I + "// R[i,j] = Σ_a U[a,i] V[a,j] − Y[i,j], summed over a in order as rank-one updates: R stays in registers")
    w(I + "DoubleVector " + ", ".join(f"u{i} = DoubleVector.fromArray(S, th, {i} * L)" for i in range(m)) + ";")
    w(I + "DoubleVector " + ", ".join(f"v{j} = DoubleVector.fromArray(S, th, vOff + {j} * L)" for j in range(n)) + ";")
    w(I + "DoubleVector " + ", ".join(f"{rn(i, j)} = u{i}.mul(v{j})" for i in range(m) for j in range(n)) + ";")
    w(I + "for (int a = 1; a < k; a++) {")
    w(I + "    final int ua = a * m * L, va = vOff + a * n * L;")
    for i in range(m):
        w(I + f"    u{i} = DoubleVector.fromArray(S, th, ua + {i} * L);")
    for j in range(n):
        w(I + f"    v{j} = DoubleVector.fromArray(S, th, va + {j} * L);")
    for i in range(m):
        for j in range(n):
            w(I + f"    {rn(i, j)} = {acc(rn(i, j), f'u{i}', f'v{j}')};")
    w(I + "}")
    for i in range(m):
        for j in range(n):
            w(I + f"{rn(i, j)} = {rn(i, j)}.sub(y[{i * n + j}]);")
    w(I + "// ∂U[a,i] = Σ_j V[a,j] R[i,j] + λU[a,i]; ‖g‖² and ‖θ‖² accumulate in parameter order (U, then V) from +0")
    w(I + "DoubleVector g2 = zero, n2 = zero;")
    w(I + "for (int a = 0; a < k; a++) {")
    w(I + "    final int ua = a * m * L, va = vOff + a * n * L;")
    for j in range(n):
        w(I + f"    v{j} = DoubleVector.fromArray(S, th, va + {j} * L);")
    for i in range(m):
        s = f"v0.mul({rn(i, 0)})"
        for j in range(1, n):
            s = acc(s, f"v{j}", rn(i, j))
        w(I + "    {")
        w(I + f"        DoubleVector t = DoubleVector.fromArray(S, th, ua + {i} * L), gq = {acc(s, 'lam', 't')};")
        w(I + f"        gq.intoArray(g, ua + {i} * L);")
        w(I + f"        g2 = {acc('g2', 'gq', 'gq')};")
        w(I + f"        n2 = {acc('n2', 't', 't')};")
        w(I + "    }")
    w(I + "}")
    w(I + "// ∂V[a,j] = Σ_i U[a,i] R[i,j] + λV[a,j]")
    w(I + "for (int a = 0; a < k; a++) {")
    w(I + "    final int ua = a * m * L, va = vOff + a * n * L;")
    for i in range(m):
        w(I + f"    u{i} = DoubleVector.fromArray(S, th, ua + {i} * L);")
    for j in range(n):
        s = f"u0.mul({rn(0, j)})"
        for i in range(1, m):
            s = acc(s, f"u{i}", rn(i, j))
        w(I + "    {")
        w(I + f"        DoubleVector t = DoubleVector.fromArray(S, th, va + {j} * L), gq = {acc(s, 'lam', 't')};")
        w(I + f"        gq.intoArray(g, va + {j} * L);")
        w(I + f"        g2 = {acc('g2', 'gq', 'gq')};")
        w(I + f"        n2 = {acc('n2', 't', 't')};")
        w(I + "    }")
    w(I + "}")
    w(I + "DoubleVector crit = g2;")
    w(I + "if (lossCriterion) {")
    terms = [rn(i, j) for i in range(m) for j in range(n)]
    s = f"{terms[0]}.mul({terms[0]})"
    for t in terms[1:]:
        s = acc(s, t, t)
    w(I + f"    crit = {acc(f'half.mul({s})', 'halfLam', 'n2')};")
    w(I + "}")
    body = "\n".join(out)
    if fused:
        step = ("                for (int q = 0; q < P * L; q += L) {\n"
                "                    DoubleVector t = DoubleVector.fromArray(S, th, q);\n"
                "                    t.blend(negH.fma(DoubleVector.fromArray(S, g, q), t), active).intoArray(th, q);\n"
                "                }")
        heta = "DoubleVector negH = DoubleVector.fromArray(S, eta, 0).neg(); // −η"
        doc = (",\n * in FMA arithmetic ({@link MatrixFactorization} documents it): the same operations in the same order as\n"
               " * {@link FusedMatrixLanes} (and so the scalar reference)")
    else:
        step = ("                for (int q = 0; q < P * L; q += L)\n"
                "                    DoubleVector.fromArray(S, th, q).sub(h.mul(DoubleVector.fromArray(S, g, q)), active).intoArray(th, q);")
        heta = "DoubleVector h = DoubleVector.fromArray(S, eta, 0);"
        doc = ", the same arithmetic in the same\n * order as {@link MatrixLanes} (and so the scalar reference)"
    return name, f'''package org.gdsweep.engine.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.gdsweep.engine.sweep.LaneSink;
import org.gdsweep.engine.problem.MatrixFactorization;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.StopRule;

/**
 * GENERATED by scripts/generate-kernels.py — do not edit. Register-blocked kernel, shape k = {k}, m = {m}, n = {n}.
 *
 * <p>Lane kernel for the matrix factorization ½‖UᵀV − Y‖²_F + (λ/2)(‖U‖²_F + ‖V‖²_F){doc}, arranged so the {m * n} residuals R = UᵀV − Y stay in
 * vector registers: R is accumulated as k rank-one updates U[a,·]ᵀV[a,·] (the reference's sum over a, in order),
 * and each row a of ∂U and ∂V reads one row of V or U and the registers. A step then loads each parameter about
 * three times instead of the m·n·k-fold re-reading of a residual buffer (BENCHMARKS.md, "register-blocked").
 */
final class {name} extends LaneBook {{
    private static final VectorSpecies<Double> S = LaneSpecies.SPECIES;
    private static final int LANES = S.length();

    private final double[] target;
    private final double lambda, halfLambda;
    private final boolean lossCriterion;
    private final double[] grad;
    /** Which of the lanes finished by the last {{@link #block()}} converged, and which diverged. */
    private long blockConverged, blockDiverged;

    {name}(MatrixFactorization problem, StopRule rule) {{
        super(S.length(), problem.parameterCount(), rule);
        assert problem.k() == {k} && problem.m() == {m} && problem.n() == {n} && {'' if fused else '!'}problem.fused();
        this.target = problem.targetCopy();
        this.lambda = problem.lambda();
        this.halfLambda = 0.5 * problem.lambda();
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
        this.grad = new double[parameters * lanes];
    }}

    @Override
    public void run(StartSource starts, long first, int count, LaneSink sink) {{
        begin(starts, first, count);
        while (liveBits != 0) {{
            long doneBits = block();
            retireAndRefill(doneBits, blockConverged, blockDiverged, sink);
        }}
    }}

    /**
     * Advances every lane in blocks of CHECK_EVERY steps until one finishes and returns the finished lanes' bits. A
     * method of its own that returns at every block exit: the JIT then compiles it by invocation count, with its
     * exits profiled, instead of replacing one long run() on the stack several times and deoptimising at exits it had
     * not seen yet, which cost a cold 256² map ~0.4 s (BENCHMARKS.md, "register-blocked").
     */
    private long block() {{
        final int L = LANES, k = {k}, m = {m}, n = {n}, vOff = k * m * L, P = {P};
        final double[] th = theta, g = grad, y = target;
        final DoubleVector lam = DoubleVector.broadcast(S, lambda);
        final DoubleVector halfLam = DoubleVector.broadcast(S, halfLambda);
        final DoubleVector half = DoubleVector.broadcast(S, 0.5);
        final DoubleVector threshold = DoubleVector.broadcast(S, rule.threshold());
        final DoubleVector radius2 = DoubleVector.broadcast(S, rule.divergenceNorm2());
        final DoubleVector infinity = DoubleVector.broadcast(S, Double.POSITIVE_INFINITY);
        final DoubleVector cap = DoubleVector.broadcast(S, rule.maxIterations());
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        final DoubleVector zero = DoubleVector.zero(S);
        {heta}
        DoubleVector it = DoubleVector.fromArray(S, iterations, 0);
        long doneBits = 0, convergedBits = 0, divergedBits = 0, steps = 0;
        do {{
            for (int c = 0; c < CHECK_EVERY; c++) {{
{body}
                VectorMask<Double> converged = crit.compare(VectorOperators.LE, threshold);
                VectorMask<Double> diverged = n2.compare(VectorOperators.LE, radius2).not()
                        .or(g2.compare(VectorOperators.LT, infinity).not());
                VectorMask<Double> done = converged.or(diverged).or(it.compare(VectorOperators.GE, cap));
                VectorMask<Double> active = done.not();
{step}
                it = it.add(one, active);
                // Masks never cross the loop's back edge (that would box them); read them once per block.
                if (c == CHECK_EVERY - 1) {{
                    doneBits = done.toLong() & liveBits;
                    // Stored every block, whether a lane finished or not (only retiring lanes' values are read), as
                    // in ScalarFactorizationLanes: a test here is compiled from the profile of the first blocks and
                    // traps when later blocks take the other side (BENCHMARKS.md, session 17).
                    g2.intoArray(finalG2, 0);
                    n2.intoArray(finalN2, 0);
                    convergedBits = converged.toLong();
                    divergedBits = diverged.toLong();
                }}
            }}
            steps += CHECK_EVERY;
        }} while (doneBits == 0);
        it.intoArray(iterations, 0);
        blockConverged = convergedBits;
        blockDiverged = divergedBits;
        slotSteps += steps * L;
        return doneBits;
    }}
}}
'''


root = pathlib.Path(__file__).resolve().parent.parent / "engine/src/main/java/org/gdsweep/engine/vector"


GENERATED = "// GENERATED by scripts/generate-kernels.py from {template}.java: do not edit; edit the template and rerun.\n"
GENERATED_FROM_REFERENCE = ("// GENERATED by scripts/generate-kernels.py in {template}.java's operation order: do not edit; edit the"
                            " generator and rerun.\n")
TEMPLATES = ["MatrixLanes", "ScalarFactorizationLanes", "ScalarVectorLanes", "DeepChainLanes", "LinearNetworkLanes",
             "MultilayerPerceptronLanes"]
# Problems whose reference code a generated scalar kernel spells out (SCALAR_RUNS): the kernel is regenerated, and the
# manifest goes stale, when the problem's source changes.
REFERENCES = {"MatrixFactorization": root.parent / "problem" / "MatrixFactorization.java",
              "ScalarVectorRuns": root / "ScalarVectorRuns.java"}
emitted = {}


def template_of(name):
    """The hand-written kernel a generated one derives from (its name minus the Fused/Float32 prefix and shape)."""
    base = re.sub(r"^(Fused|Float32)", "", name)
    return re.sub(r"\d+x\d+x\d+$", "", base)


def emit(name, out, template=None):
    target = root / f"{name}.java"
    template = template or template_of(name)
    assert template in TEMPLATES or template in REFERENCES, f"{name}: unknown template {template}"
    # The marker goes on the first line, ahead of the package clause, so tools and readers see it first.
    out = (GENERATED if template in TEMPLATES else GENERATED_FROM_REFERENCE).format(template=template) + out
    emitted[name] = out
    if check:
        if not target.exists() or target.read_text() != out:
            stale.append(name)
    else:
        target.write_text(out)
        print("wrote", name)


src = (root / "MatrixLanes.java").read_text()
line = "        final int L = lanes, k = this.k, m = this.m, n = this.n, vOff = k * m * L, P = parameters;"
assert line in src, "MatrixLanes.java changed: update the generator"
for k, m, n in SHAPES:
    name = f"MatrixLanes{k}x{m}x{n}"
    out = src.replace("final class MatrixLanes extends LaneBook", f"final class {name} extends LaneBook")
    out = out.replace("    MatrixLanes(MatrixFactorization problem, StopRule rule) {", f"    {name}(MatrixFactorization problem, StopRule rule) {{")
    out = out.replace(line, f"        final int L = LANES, k = {k}, m = {m}, n = {n}, vOff = k * m * L, P = {k * (m + n)};")
    out = out.replace("    private static final VectorSpecies<Double> S = LaneSpecies.SPECIES;",
                      "    private static final VectorSpecies<Double> S = LaneSpecies.SPECIES;\n    private static final int LANES = S.length();")
    out = re.sub(r"/\*\*\n \* Lane kernel for the matrix factorization", f"/**\n * GENERATED by scripts/generate-kernels.py from MatrixLanes.java — do not edit. Shape k = {k}, m = {m}, n = {n}.\n *\n * <p>Lane kernel for the matrix factorization", out, count=1)
    out = out.replace("        assert", "        assert", 1)
    out = out.replace("        super(S.length(), problem.parameterCount(), rule);",
                      f"        super(S.length(), problem.parameterCount(), rule);\n        assert problem.k() == {k} && problem.m() == {m} && problem.n() == {n};")
    emit(name, out)


def fused_template(src):
    """FusedMatrixLanes: MatrixLanes with every a·b + c fused (MatrixFactorization documents FMA arithmetic)."""
    out = src
    def sub(a, b, count=1):
        nonlocal out
        assert out.count(a) == count, f"MatrixLanes.java changed ({a!r}): update the generator"
        out = out.replace(a, b)
    out, hits = re.subn(r"s = s\.add\((.+)\n(\s+)\.mul\((.+)\)\);$", r"s = \1\n\2.fma(\3, s);", out, flags=re.M)
    assert hits == 3, "MatrixLanes.java changed: update the generator"
    sub("gq = s.add(lam.mul(w));", "gq = lam.fma(w, s);", 2)
    sub("g2 = g2.add(gq.mul(gq));", "g2 = gq.fma(gq, g2);", 2)
    sub("n2 = n2.add(w.mul(w));", "n2 = w.fma(w, n2);", 2)
    sub("rr = rr.add(rq.mul(rq));", "rr = rq.fma(rq, rr);")
    sub("crit = half.mul(rr).add(halfLam.mul(n2));", "crit = halfLam.fma(n2, half.mul(rr));")
    sub("DoubleVector h = DoubleVector.fromArray(S, eta, 0);", "DoubleVector negH = DoubleVector.fromArray(S, eta, 0).neg(); // −η")
    sub("""                for (int q = 0; q < P * L; q += L)
                    DoubleVector.fromArray(S, th, q).sub(h.mul(DoubleVector.fromArray(S, g, q)), active).intoArray(th, q);""",
        """                for (int q = 0; q < P * L; q += L) {
                    DoubleVector t = DoubleVector.fromArray(S, th, q);
                    t.blend(negH.fma(DoubleVector.fromArray(S, g, q), t), active).intoArray(th, q);
                }""")
    sub("final class MatrixLanes extends LaneBook", "final class FusedMatrixLanes extends LaneBook")
    sub("    MatrixLanes(MatrixFactorization problem, StopRule rule) {", "    FusedMatrixLanes(MatrixFactorization problem, StopRule rule) {")
    sub("        super(S.length(), problem.parameterCount(), rule);",
        "        super(S.length(), problem.parameterCount(), rule);\n        assert problem.fused();")
    out, hits = re.subn(r"/\*\*\n \* Lane kernel for the matrix factorization (.*?) in exactly the reference order, then the masked update\.\n \*/",
                        "/**\n * GENERATED by scripts/generate-kernels.py from MatrixLanes.java — do not edit.\n *\n"
                        " * <p>Lane kernel for the matrix factorization \\1 in exactly the reference order, then the masked update,\n"
                        " * in FMA arithmetic: every a·b + c of {@link MatrixLanes} fused ({@link MatrixFactorization} documents it).\n */",
                        out, count=1, flags=re.S)
    assert hits == 1, "MatrixLanes.java changed: update the generator"
    return out


def float32_variant(code, old, new):
    """The float32 twin of an exact kernel (generic or blocked): FloatVector over float mirrors of LaneBook's arrays,
    twice the lanes; the operations and their order are unchanged, every value rounded to float
    (MatrixFactorization documents float32 arithmetic)."""
    out = code
    def sub(a, b, count=1):
        nonlocal out
        assert out.count(a) == count, f"kernel source changed ({a!r}, {out.count(a)}x): update the generator"
        out = out.replace(a, b)
    blocked = "private final double[] grad;" in out
    sub(f"final class {old} extends LaneBook", f"final class {new} extends LaneBook")
    sub(f"    {old}(MatrixFactorization problem, StopRule rule) {{", f"    {new}(MatrixFactorization problem, StopRule rule) {{")
    sub("VectorSpecies<Double> S = LaneSpecies.SPECIES;", "VectorSpecies<Float> S = LaneSpecies.FLOAT_SPECIES;")
    out = out.replace("VectorMask<Double>", "VectorMask<Float>").replace("DoubleVector", "FloatVector")
    sub("private final double[] target;", "private final float[] target;")
    sub("private final double lambda, halfLambda;", "private final float lambda, halfLambda;")
    if blocked:
        sub("private final double[] grad;", "private final float[] grad, thf, hf, itf, g2f, n2f;")
        sub("&& !problem.fused();", "&& problem.single();")
        sub("final double[] th = theta, g = grad, y = target;", "final float[] th = thf, g = grad, y = target;")
    else:
        sub("private final double[] grad, residual;", "private final float[] grad, residual, thf, hf, itf, g2f, n2f;")
        sub("        super(S.length(), problem.parameterCount(), rule);",
            "        super(S.length(), problem.parameterCount(), rule);\n        assert problem.single();")
        sub("this.residual = new double[m * n * lanes];", "this.residual = new float[m * n * lanes];")
        sub("final double[] th = theta, g = grad, res = residual, y = target;", "final float[] th = thf, g = grad, res = residual, y = target;")
    sub("this.target = problem.targetCopy();", "this.target = toFloats(problem.targetCopy());\n"
        "        if (rule.maxIterations() > Arithmetic.FLOAT32_MAX_ITERATIONS)\n"
        "            throw new IllegalArgumentException(\"float32 arithmetic counts at most 2^24 iterations\");")
    sub("this.lambda = problem.lambda();", "this.lambda = (float) problem.lambda();")
    sub("this.halfLambda = 0.5 * problem.lambda();", "this.halfLambda = 0.5f * (float) problem.lambda();")
    sub("this.grad = new double[parameters * lanes];", "this.grad = new float[parameters * lanes];\n"
        "        this.thf = new float[parameters * lanes];\n        this.hf = new float[lanes];\n        this.itf = new float[lanes];\n"
        "        this.g2f = new float[lanes];\n        this.n2f = new float[lanes];")
    sub("        begin(starts, first, count);", "        begin(starts, first, count);\n        mirrorToFloat(-1L, thf, hf, itf);")
    sub("FloatVector.broadcast(S, 0.5);", "FloatVector.broadcast(S, 0.5f);")
    sub("FloatVector.broadcast(S, rule.threshold());", "FloatVector.broadcast(S, floatAtMost(rule.threshold()));")
    sub("FloatVector.broadcast(S, rule.divergenceNorm2());", "FloatVector.broadcast(S, floatAtMost(rule.divergenceNorm2()));")
    sub("Double.POSITIVE_INFINITY", "Float.POSITIVE_INFINITY")
    sub("FloatVector.broadcast(S, rule.maxIterations());", "FloatVector.broadcast(S, (float) rule.maxIterations());")
    sub("FloatVector.broadcast(S, 1.0);", "FloatVector.broadcast(S, 1f);")
    sub("FloatVector h = FloatVector.fromArray(S, eta, 0);", "FloatVector h = FloatVector.fromArray(S, hf, 0);")
    sub("FloatVector it = FloatVector.fromArray(S, iterations, 0);", "FloatVector it = FloatVector.fromArray(S, itf, 0);")
    sub("g2.intoArray(finalG2, 0);", "g2.intoArray(g2f, 0);")
    sub("n2.intoArray(finalN2, 0);", "n2.intoArray(n2f, 0);")
    sub("        it.intoArray(iterations, 0);", "        it.intoArray(itf, 0);")
    sub("""            retireAndRefill(doneBits, blockConverged, blockDiverged, sink);""", """            copyBackFromFloat(doneBits, thf, itf, g2f, n2f);
            retireAndRefill(doneBits, blockConverged, blockDiverged, sink);
            mirrorToFloat(changedLanes, thf, hf, itf);""")
    sub("import org.gdsweep.engine.sweep.LaneSink;", "import org.gdsweep.engine.problem.Arithmetic;\nimport org.gdsweep.engine.sweep.LaneSink;")
    out, hits = re.subn(r"(/\*\*\n \* GENERATED by scripts/generate-kernels\.py[^\n]*\n)",
                        r"\1 *\n * <p>float32 twin ({@code --arithmetic float32}): FloatVector lanes over float mirrors of LaneBook's double arrays\n"
                        r" * (converted only for lanes that retire or refill), thresholds the largest floats at or below the double ones,\n"
                        r" * iteration counts floats (exact up to 2^24, the largest cap accepted); otherwise as described below.\n", out, count=1)
    assert hits == 1
    return out


emit("FusedMatrixLanes", fused_template(src))
generic = src.replace("/**\n * Lane kernel for the matrix factorization",
                      "/**\n * GENERATED by scripts/generate-kernels.py from MatrixLanes.java — do not edit.\n *\n * <p>Lane kernel for the matrix factorization", 1)
emit("Float32MatrixLanes", float32_variant(generic, "MatrixLanes", "Float32MatrixLanes"))
for k, m, n in BLOCKED:
    assert m * n + m + n <= 24 and m < 10 and n < 10, "residual block does not fit in registers"
    emit(*blocked_kernel(k, m, n))
    emit(*blocked_kernel(k, m, n, fused=True))
    name, code = blocked_kernel(k, m, n)
    emit(f"Float32{name}", float32_variant(code, name, f"Float32{name}"))


def scalar_matrix_runs(k, m, n):
    """Source of a straight-line scalar kernel for the exact matrix factorization of shape (k, m, n), one run at a time:
    the reference's operations (MatrixFactorization.gradient, norm2, loss; StopRule.classify; Arithmetic.descend) in
    its order, every parameter, residual and gradient in a local variable."""
    name = f"ScalarMatrixRuns{k}x{m}x{n}"
    P, vOff = k * (m + n), k * m
    # θ is read from its array at every use, not held in 40 locals: C2 then reloads a value instead of spilling and
    # restoring it, and the step ran 1.5-1.8x as fast (BENCHMARKS.md, session 13)
    u = lambda a, i: f"th[{a * m + i}]"  # U[a,i]
    v = lambda a, j: f"th[{vOff + a * n + j}]"  # V[a,j]
    r = lambda i, j: f"r{i}{j}"
    gu = lambda a, i: f"gu{a}{i}"
    gv = lambda a, j: f"gv{a}{j}"
    I = "        "
    body = []
    w = body.append

    def ordered_sum(products):
        """x₀·y₀, then x₁·y₁ + that, then x₂·y₂ + (that), …: the reference's mul then mulAdd, as a Java expression."""
        s = products[0]
        for q, prod in enumerate(products[1:]):
            s = f"{prod} + ({s})" if q > 0 else f"{prod} + {s}"
        return s

    def emit_sums(p, g, t):
        if p == 0:
            w(I + f"double g2 = {g} * {g}, n2 = {t} * {t};")
        else:
            w(I + f"g2 = {g} * {g} + g2;")
            w(I + f"n2 = {t} * {t} + n2;")
        w(I + f"nx[{p}] = {t} - h * {g};")

    w(I + "final double[] th = theta, nx = next, y = target;")
    w(I + "final double lam = lambda;")
    w(I + "// R = UᵀV − Y: R[i,j] = U[0,i]·V[0,j], then + U[a,i]·V[a,j] for a = 1 … k−1 in order, then − Y[i,j]")
    for i in range(m):
        for j in range(n):
            w(I + f"final double {r(i, j)} = ({ordered_sum([f'{u(a, i)} * {v(a, j)}' for a in range(k)])}) - y[{i * n + j}];")
    w(I + "// per parameter in order (U, then V): its gradient component, that square into ‖g‖² and θ's into ‖θ‖² (each")
    w(I + "// sum from its first square), and θ − η·g into the next iterate, which replaces θ only if the run goes on")
    w(I + "// ∂U[a,i] = λ·U[a,i] + (V[a,0]·R[i,0] + V[a,1]·R[i,1] + …)")
    for a in range(k):
        for i in range(m):
            w(I + f"final double {gu(a, i)} = lam * {u(a, i)} + ({ordered_sum([f'{v(a, j)} * {r(i, j)}' for j in range(n)])});")
            emit_sums(a * m + i, gu(a, i), u(a, i))
    w(I + "// ∂V[a,j] = λ·V[a,j] + (U[a,0]·R[0,j] + U[a,1]·R[1,j] + …)")
    for a in range(k):
        for j in range(n):
            w(I + f"final double {gv(a, j)} = lam * {v(a, j)} + ({ordered_sum([f'{u(a, i)} * {r(i, j)}' for i in range(m)])});")
            emit_sums(vOff + a * n + j, gv(a, j), v(a, j))
    w(I + "double criterion = g2;")
    w(I + "if (lossCriterion) {")
    rs = [r(i, j) for i in range(m) for j in range(n)]
    w(I + f"    double rr = {rs[0]} * {rs[0]};")
    for q in range(1, m * n):
        w(I + f"    rr = {rs[q]} * {rs[q]} + rr;")
    w(I + "    criterion = halfLambda * n2 + 0.5 * rr;")
    w(I + "}")
    w(I + "// Whether the run may stop here, as one branch: StopRule.classify stops iff criterion ≤ threshold, or not")
    w(I + "// ‖θ‖² ≤ R², or not ‖g‖² < ∞, or it ≥ cap, and then this maximum is ≥ 0 or NaN (x − y ≥ 0 iff x ≥ y in")
    w(I + "// floating point). It is taken at every run's end, so the JIT's profile of it is complete from the first runs;")
    w(I + "// which stop it is (classify's branches, some of them rare) is decided in run().")
    w(I + "if (!(Math.max(Math.max(threshold - criterion, n2 - aboveRadius2), Math.max(g2 - Double.MAX_VALUE, it - maxIterations)) < 0)) {")
    w(I + "    lastCriterion = criterion;")
    w(I + "    lastG2 = g2;")
    w(I + "    lastN2 = n2;")
    w(I + "    return true;")
    w(I + "}")
    w(I + "advance();")
    w(I + "return false;")
    step = "\n".join(body)
    out = """package org.gdsweep.engine.vector;

import org.gdsweep.engine.problem.MatrixFactorization;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.LaneKernel;
import org.gdsweep.engine.sweep.LaneSink;
import org.gdsweep.engine.sweep.StopRule;

/**
 * GENERATED by scripts/generate-kernels.py — do not edit. Straight-line scalar kernel, shape k = %K%, m = %M%, n = %N%.
 *
 * <p>The matrix factorization L(U, V) = ½‖UᵀV − Y‖²_F + (λ/2)(‖U‖²_F + ‖V‖²_F), U ∈ ℝ^{k×m}, V ∈ ℝ^{k×n}, one run
 * at a time in plain Java, exact arithmetic, with the reference's operations in its order ({@link MatrixFactorization}:
 * {@code gradient}, {@code norm2}, {@code loss}; {@link StopRule#classify}; θ ← θ − η·g): R[i,j] = U[0,i]·V[0,j], then
 * + U[a,i]·V[a,j] for a = 1 … k−1, then − Y[i,j]; ∂U[a,i] = λ·U[a,i] + Σⱼ V[a,j]·R[i,j] and ∂V[a,j] = λ·V[a,j] +
 * Σᵢ U[a,i]·R[i,j], each sum from its first product in index order; ‖g‖² and ‖θ‖² in parameter order (U, then V) from
 * the first square; L = (λ/2)·‖θ‖² + ½·Σ R[i,j]². Every residual is a local variable; θ is read from its array at
 * each use (held in 40 locals, C2 spilled them: 1.5-1.8x slower); each gradient component is used as soon as it is
 * computed: its square and θ's go into the sums, θ − η·g into a second array, which becomes θ if the run goes on (a
 * swap; a run that stops keeps θ as it was). Holding all 40 components for an update after the stop test was 5 %
 * slower warm. Bit-identical to the reference (KernelBitIdentityTest).
 *
 * <p>Why it exists: a cold sweep runs on scalar code while the JIT compiles the vector kernel (the warm start), and
 * %K%×%M% maps of up to ~512² finish there or mostly there. The reference walks k·m·n loop nests over arrays and
 * dispatches every operation on the arithmetic; one step here is one straight-line method, {@link #mayStop}, which
 * C2 compiles by invocation count, once (BENCHMARKS.md, session 13).
 */
final class %NAME% implements LaneKernel {
    private final double[] target;
    private final double lambda, halfLambda;
    private final boolean lossCriterion;
    private final StopRule rule;
    /** θ at the current iterate, and the next iterate as the step computes it (the two arrays swap at each step). */
    private double[] theta = new double[%P%], next = new double[%P%];
    /** The stop rule's inputs at the last iterate where a run may have stopped: criterion (‖∇L‖² or L), ‖∇L‖², ‖θ‖². */
    private double lastCriterion, lastG2, lastN2;
    /** The stop rule's convergence threshold, the smallest ‖θ‖² above R² (the divergence radius), and the cap. */
    private final double threshold, aboveRadius2;
    private final int maxIterations;
    private long slotSteps;

    %NAME%(MatrixFactorization problem, StopRule rule) {
        if (problem.k() != %K% || problem.m() != %M% || problem.n() != %N% || problem.arithmetic() != org.gdsweep.engine.problem.Arithmetic.EXACT)
            throw new IllegalArgumentException("shape %K%x%M%x%N% in exact arithmetic only, got " + problem);
        this.target = problem.targetCopy();
        this.lambda = problem.lambda();
        this.halfLambda = 0.5 * problem.lambda();
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
        this.rule = rule;
        this.threshold = rule.threshold();
        this.aboveRadius2 = Math.nextUp(rule.divergenceNorm2());
        this.maxIterations = rule.maxIterations();
    }

    @Override
    public void run(StartSource starts, long first, int count, LaneSink sink) {
        for (long index = first; index < first + count; index++) {
            starts.start(index, theta, 0, 1);
            double h = starts.stepSize(index);
            int it = 0, status;
            while (true) {
                if (mayStop(h, it)) {
                    // the stop rule's own tests (StopRule.classify, what the reference calls)
                    status = rule.classify(lastCriterion, lastN2, lastG2, it);
                    if (status >= 0) break;
                    advance(); // mayStop's test is wider than the rule (‖g‖² = Double.MAX_VALUE, R² = ∞): go on
                }
                it++;
            }
            slotSteps += it;
            sink.retire(index, (byte) status, it, lastG2, lastN2, theta, 0, 1);
        }
    }

    /** θ ← θ − η·g: the next iterate, which {@link #mayStop} computed, becomes θ, and θ's array takes the one after. */
    private void advance() {
        double[] t = theta;
        theta = next;
        next = t;
    }

    /**
     * Iteration {@code it} of a run with step size {@code h} from θ = {@link #theta}: true, with θ unchanged and the
     * stop rule's inputs in {@link #lastCriterion}, {@link #lastG2}, {@link #lastN2} (the next iterate computed), if the
     * run may stop here; else false after the GD step.
     */
    private boolean mayStop(double h, int it) {
%STEP%
    }

    @Override public int laneWidth() { return 1; }

    @Override public long laneSlotSteps() { return slotSteps; }
}
"""
    for key, value in (("%NAME%", name), ("%STEP%", step), ("%K%", str(k)), ("%M%", str(m)), ("%N%", str(n)), ("%P%", str(P))):
        out = out.replace(key, value)
    return name, out


for k, m, n in SCALAR_RUNS:
    emit(*scalar_matrix_runs(k, m, n), template="MatrixFactorization")


SCALAR_VECTOR_RUNS_WHY = {
    1: """a cold sweep starts on scalar code while the JIT compiles the vector kernel (the warm start), and
 * most ½(xy − 1)² maps of up to ~1024² finish there. The reference's problem-generic loop (gradient, norm, classification
 * and step through arrays and interfaces) took 0.35 s of a cold 1024² ½(xy − 1)² map on two threads; this loop, which C2
 * compiles in milliseconds, does the same runs in about half that (BENCHMARKS.md, session 12; hand-written as
 * ScalarFactorizationRuns until session 19).""",
    5: """d = 5 is the built-in default sweep's problem, which a cold process computes on this loop (the warm
 * start keeps maps of up to ~1024² on scalar code); held in registers, the cold default sweep's kernel phase went from
 * 0.415 to 0.33 s (median of 8 alternated runs; BENCHMARKS.md, session 19).""",
}


def scalar_vector_runs(d):
    """Source of ScalarVectorRuns with d fixed: the same operations in the same order (its Javadoc), with θ and ∇L in
    local variables instead of arrays."""
    name = f"ScalarVectorRuns{d}"
    I = " " * 16
    z = "u0 * v0"
    for i in range(1, d):
        z = f"u{i} * v{i} + ({z})"
    g2, n2 = "gu0 * gu0 + gv0 * gv0", "u0 * u0 + v0 * v0"
    for i in range(1, d):
        g2 = f"gv{i} * gv{i} + (gu{i} * gu{i} + ({g2}))"
        n2 = f"v{i} * v{i} + (u{i} * u{i} + ({n2}))"
    step = [f"{I}double r = ({z}) - target;"]
    step += [f"{I}double gu{i} = r * v{i} + lambda * u{i}, gv{i} = r * u{i} + lambda * v{i};" for i in range(d)]
    step += [f"{I}g2 = {g2};", f"{I}n2 = {n2};",
             f"{I}double criterion = lossCriterion ? halfLambda * n2 + 0.5 * (r * r) : g2;",
             f"{I}// the stop rule's own tests (StopRule.classify, what the reference calls): the JIT inlines them",
             f"{I}status = rule.classify(criterion, n2, g2, it);",
             f"{I}if (status >= 0) break;"]
    step += [f"{I}u{i} -= h * gu{i};" for i in range(d)] + [f"{I}v{i} -= h * gv{i};" for i in range(d)] + [f"{I}it++;"]
    loads = ", ".join([f"u{i} = th[{i}]" for i in range(d)] + [f"v{i} = th[{d + i}]" for i in range(d)])
    stores = "\n".join([f"            th[{i}] = u{i};" for i in range(d)] + [f"            th[{d + i}] = v{i};" for i in range(d)])
    out = """package org.gdsweep.engine.vector;

import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.LaneKernel;
import org.gdsweep.engine.sweep.LaneSink;
import org.gdsweep.engine.sweep.StopRule;

/**
 * {@link ScalarVectorRuns} for d = %D%, one run at a time, with every uᵢ, vᵢ and gradient component in a local variable
 * instead of an array: the same operations in the same order (ScalarVectorRuns's Javadoc, the reference's), so results
 * are the reference's bit for bit (KernelBitIdentityTest).
 *
 * <p>Why it exists: %WHY%
 */
final class %NAME% implements LaneKernel {
    private final double target, lambda, halfLambda;
    private final boolean lossCriterion;
    private final StopRule rule;
    private final double[] theta = new double[%P%];
    private long slotSteps;

    %NAME%(ScalarVectorFactorization problem, StopRule rule) {
        if (problem.d() != %D%) throw new IllegalArgumentException("d = %D% only, got d = " + problem.d());
        this.target = problem.y();
        this.lambda = problem.lambda();
        this.halfLambda = 0.5 * problem.lambda();
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
        this.rule = rule;
    }

    @Override
    public void run(StartSource starts, long first, int count, LaneSink sink) {
        final double[] th = theta;
        for (long index = first; index < first + count; index++) {
            starts.start(index, th, 0, 1);
            double h = starts.stepSize(index), g2, n2;
            double %LOADS%;
            int it = 0;
            int status;
            while (true) {
%STEP%
            }
%STORES%
            slotSteps += it;
            sink.retire(index, (byte) status, it, g2, n2, th, 0, 1);
        }
    }

    @Override public int laneWidth() { return 1; }

    @Override public long laneSlotSteps() { return slotSteps; }
}
"""
    for key, value in (("%NAME%", name), ("%STEP%", "\n".join(step)), ("%LOADS%", loads), ("%STORES%", stores),
                       ("%WHY%", SCALAR_VECTOR_RUNS_WHY[d]), ("%D%", str(d)), ("%P%", str(2 * d))):
        out = out.replace(key, value)
    return name, out


for d in SCALAR_VECTOR_RUNS:
    emit(*scalar_vector_runs(d), template="ScalarVectorRuns")


# The two-vector kernels' end-of-block stores of ‖∇L‖² and ‖θ‖², into the float32 twins' float mirrors instead.
FLOAT_FINAL_NORMS = ("""                        g2a.intoArray(finalG2, 0);
                        g2b.intoArray(finalG2, L);
                        n2a.intoArray(finalN2, 0);
                        n2b.intoArray(finalN2, L);""", """                        g2a.intoArray(g2f, 0);
                        g2b.intoArray(g2f, L);
                        n2a.intoArray(n2f, 0);
                        n2b.intoArray(n2f, L);""")

def twin(template, old, new, doc, subs, float32=False):
    """A copy of a hand-written kernel with its class name, Javadoc and the listed (old, new) lines replaced."""
    out = (root / f"{template}.java").read_text()
    def sub(a, b):
        nonlocal out
        assert out.count(a) == 1, f"{template}.java changed ({a[:60]!r}): update the generator"
        out = out.replace(a, b)
    start = out.index("/**\n")
    end = out.index(f"final class {old} extends LaneBook")
    out = out[:start] + "/**\n * GENERATED by scripts/generate-kernels.py from " + template + ".java — do not edit.\n *\n" + doc + " */\n" + out[end:]
    sub(f"final class {old} extends LaneBook", f"final class {new} extends LaneBook")
    sub(f"    {old}(", f"    {new}(")
    if float32:
        sub("VectorSpecies<Double> S = LaneSpecies.SPECIES;", "VectorSpecies<Float> S = LaneSpecies.FLOAT_SPECIES;")
        out = out.replace("VectorMask<Double>", "VectorMask<Float>").replace("DoubleVector", "FloatVector")
    for a, b in subs:
        sub(a, b)
    return out


emit("FusedScalarVectorLanes", twin("ScalarVectorLanes", "ScalarVectorLanes", "FusedScalarVectorLanes",
    """ * <p>{@link ScalarVectorLanes} in FMA arithmetic, for any d (d = 1 has its own {@link FusedScalarFactorizationLanes}):
 * the operations of {@link ScalarVectorFactorization}'s FMA mode in its order — r = fma(u_{d−1}, v_{d−1}, …
 * fma(u₀, v₀, −y)), gᵢ = fma(r, ·, λ·), ‖g‖² and ‖θ‖² from fma(a₀, a₀, b₀·b₀) on as fma(bᵢ, bᵢ, fma(aᵢ, aᵢ, acc)),
 * L = fma(0.5·λ, ‖θ‖², 0.5·(r·r)), θ ← fma(−η, g, θ) — on the same two interleaved vectors and buffer layout.
""", [
    ("""        super(2 * L, 2 * problem.d(), rule);""", """        super(2 * L, 2 * problem.d(), rule);
        assert problem.fused();"""),
    ("""        final DoubleVector t = DoubleVector.broadcast(S, target);""", """        final DoubleVector negT = DoubleVector.broadcast(S, -target);"""),
    ("""            DoubleVector ha = DoubleVector.fromArray(S, eta, 0), hb = DoubleVector.fromArray(S, eta, L);""",
     """            DoubleVector ha = DoubleVector.fromArray(S, eta, 0).neg(), hb = DoubleVector.fromArray(S, eta, L).neg(); // −η"""),
    ("""                    DoubleVector za = DoubleVector.fromArray(S, th, 0).mul(DoubleVector.fromArray(S, th, vOff));
                    DoubleVector zb = DoubleVector.fromArray(S, th, L).mul(DoubleVector.fromArray(S, th, vOff + L));
                    for (int i = 1; i < d; i++) {
                        int q = i * W;
                        za = za.add(DoubleVector.fromArray(S, th, q).mul(DoubleVector.fromArray(S, th, vOff + q)));
                        zb = zb.add(DoubleVector.fromArray(S, th, q + L).mul(DoubleVector.fromArray(S, th, vOff + q + L)));
                    }
                    DoubleVector ra = za.sub(t), rb = zb.sub(t);""", """                    DoubleVector ra = negT, rb = negT;
                    for (int i = 0; i < d; i++) {
                        int q = i * W;
                        ra = DoubleVector.fromArray(S, th, q).fma(DoubleVector.fromArray(S, th, vOff + q), ra);
                        rb = DoubleVector.fromArray(S, th, q + L).fma(DoubleVector.fromArray(S, th, vOff + q + L), rb);
                    }"""),
    ("""                    DoubleVector gua = ra.mul(v0a).add(lam.mul(u0a)), gva = ra.mul(u0a).add(lam.mul(v0a));
                    DoubleVector gub = rb.mul(v0b).add(lam.mul(u0b)), gvb = rb.mul(u0b).add(lam.mul(v0b));""",
     """                    DoubleVector gua = ra.fma(v0a, lam.mul(u0a)), gva = ra.fma(u0a, lam.mul(v0a));
                    DoubleVector gub = rb.fma(v0b, lam.mul(u0b)), gvb = rb.fma(u0b, lam.mul(v0b));"""),
    ("""                    DoubleVector g2a = gua.mul(gua).add(gva.mul(gva)), g2b = gub.mul(gub).add(gvb.mul(gvb));
                    DoubleVector n2a = u0a.mul(u0a).add(v0a.mul(v0a)), n2b = u0b.mul(u0b).add(v0b.mul(v0b));""",
     """                    DoubleVector g2a = gua.fma(gua, gva.mul(gva)), g2b = gub.fma(gub, gvb.mul(gvb));
                    DoubleVector n2a = u0a.fma(u0a, v0a.mul(v0a)), n2b = u0b.fma(u0b, v0b.mul(v0b));"""),
    ("""                        DoubleVector xa = ra.mul(va).add(lam.mul(ua)), ya = ra.mul(ua).add(lam.mul(va));
                        DoubleVector xb = rb.mul(vb).add(lam.mul(ub)), yb = rb.mul(ub).add(lam.mul(vb));""",
     """                        DoubleVector xa = ra.fma(va, lam.mul(ua)), ya = ra.fma(ua, lam.mul(va));
                        DoubleVector xb = rb.fma(vb, lam.mul(ub)), yb = rb.fma(ub, lam.mul(vb));"""),
    ("""                        g2a = g2a.add(xa.mul(xa)).add(ya.mul(ya));
                        g2b = g2b.add(xb.mul(xb)).add(yb.mul(yb));
                        n2a = n2a.add(ua.mul(ua)).add(va.mul(va));
                        n2b = n2b.add(ub.mul(ub)).add(vb.mul(vb));""", """                        g2a = ya.fma(ya, xa.fma(xa, g2a));
                        g2b = yb.fma(yb, xb.fma(xb, g2b));
                        n2a = va.fma(va, ua.fma(ua, n2a));
                        n2b = vb.fma(vb, ub.fma(ub, n2b));"""),
    ("""                    DoubleVector ca = lossCriterion ? half.mul(ra.mul(ra)).add(halfLam.mul(n2a)) : g2a;
                    DoubleVector cb = lossCriterion ? half.mul(rb.mul(rb)).add(halfLam.mul(n2b)) : g2b;""",
     """                    DoubleVector ca = lossCriterion ? halfLam.fma(n2a, half.mul(ra.mul(ra))) : g2a;
                    DoubleVector cb = lossCriterion ? halfLam.fma(n2b, half.mul(rb.mul(rb))) : g2b;"""),
    ("""                    for (int q = 0; q < 2 * d * W; q += W) {
                        DoubleVector.fromArray(S, th, q).sub(ha.mul(DoubleVector.fromArray(S, g, q)), activeA).intoArray(th, q);
                        DoubleVector.fromArray(S, th, q + L).sub(hb.mul(DoubleVector.fromArray(S, g, q + L)), activeB).intoArray(th, q + L);
                    }""", """                    for (int q = 0; q < 2 * d * W; q += W) {
                        DoubleVector pa = DoubleVector.fromArray(S, th, q), pb = DoubleVector.fromArray(S, th, q + L);
                        pa.blend(ha.fma(DoubleVector.fromArray(S, g, q), pa), activeA).intoArray(th, q);
                        pb.blend(hb.fma(DoubleVector.fromArray(S, g, q + L), pb), activeB).intoArray(th, q + L);
                    }"""),
]))

FLOAT_MIRROR_SUBS = [
    ("""            ia.intoArray(iterations, 0);
            ib.intoArray(iterations, L);
            retireAndRefill(doneBits, convergedBits, divergedBits, sink);""", """            ia.intoArray(itf, 0);
            ib.intoArray(itf, L);
            copyBackFromFloat(doneBits, thf, itf, g2f, n2f);
            retireAndRefill(doneBits, convergedBits, divergedBits, sink);
            mirrorToFloat(changedLanes, thf, hf, itf);"""),
]

emit("Float32ScalarVectorLanes", twin("ScalarVectorLanes", "ScalarVectorLanes", "Float32ScalarVectorLanes",
    """ * <p>float32 twin of {@link ScalarVectorLanes} (opt-in {@code --arithmetic float32}, any d; d = 1 has its own
 * {@link Float32ScalarFactorizationLanes}): the same loop over {@code FloatVector}s, twice the lanes per vector,
 * mirroring {@link ScalarVectorFactorization}'s float32 reference. Like the other float32 kernels it works on float
 * mirrors of LaneBook's double arrays, converted only for lanes that retire or refill, with thresholds the largest
 * floats at or below the double ones and float iteration counts (exact up to 2^24, the largest cap accepted).
""", [
    ("""    private final double target, lambda, halfLambda;
    private final boolean lossCriterion;
    private final double[] grad;""", """    private final float target, lambda, halfLambda;
    private final boolean lossCriterion;
    private final float[] grad, thf, hf, itf, g2f, n2f;"""),
    ("""        super(2 * L, 2 * problem.d(), rule);
        this.d = problem.d();
        this.target = problem.y();
        this.lambda = problem.lambda();
        this.halfLambda = 0.5 * problem.lambda();
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
        this.grad = new double[2 * d * lanes];""", """        super(2 * L, 2 * problem.d(), rule);
        assert problem.single();
        if (rule.maxIterations() > Arithmetic.FLOAT32_MAX_ITERATIONS)
            throw new IllegalArgumentException("float32 arithmetic counts at most 2^24 iterations");
        this.d = problem.d();
        this.target = (float) problem.y();
        this.lambda = (float) problem.lambda();
        this.halfLambda = 0.5f * lambda;
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
        this.grad = new float[2 * d * lanes];
        this.thf = new float[2 * d * lanes];
        this.hf = new float[lanes];
        this.itf = new float[lanes];
        this.g2f = new float[lanes];
        this.n2f = new float[lanes];"""),
    ("""        begin(starts, first, count);
        final int W = lanes, d = this.d, vOff = d * W; // W = 2L: stride of one parameter
        final double[] th = theta, g = grad;""", """        begin(starts, first, count);
        mirrorToFloat(-1L, thf, hf, itf);
        final int W = lanes, d = this.d, vOff = d * W; // W = 2L: stride of one parameter
        final float[] th = thf, g = grad;"""),
    ("FloatVector.broadcast(S, 0.5);", "FloatVector.broadcast(S, 0.5f);"),
    ("FloatVector.broadcast(S, rule.threshold());", "FloatVector.broadcast(S, floatAtMost(rule.threshold()));"),
    ("FloatVector.broadcast(S, rule.divergenceNorm2());", "FloatVector.broadcast(S, floatAtMost(rule.divergenceNorm2()));"),
    ("Double.POSITIVE_INFINITY", "Float.POSITIVE_INFINITY"),
    ("FloatVector.broadcast(S, rule.maxIterations());", "FloatVector.broadcast(S, (float) rule.maxIterations());"),
    ("FloatVector.broadcast(S, 1.0);", "FloatVector.broadcast(S, 1f);"),
    ("""            FloatVector ha = FloatVector.fromArray(S, eta, 0), hb = FloatVector.fromArray(S, eta, L);
            FloatVector ia = FloatVector.fromArray(S, iterations, 0), ib = FloatVector.fromArray(S, iterations, L);""",
     """            FloatVector ha = FloatVector.fromArray(S, hf, 0), hb = FloatVector.fromArray(S, hf, L);
            FloatVector ia = FloatVector.fromArray(S, itf, 0), ib = FloatVector.fromArray(S, itf, L);"""),
    FLOAT_FINAL_NORMS,
    ("import org.gdsweep.engine.sweep.LaneSink;", "import org.gdsweep.engine.problem.Arithmetic;\nimport org.gdsweep.engine.sweep.LaneSink;"),
] + FLOAT_MIRROR_SUBS, float32=True))

emit("FusedDeepChainLanes", twin("DeepChainLanes", "DeepChainLanes", "FusedDeepChainLanes",
    """ * <p>{@link DeepChainLanes} in FMA arithmetic: every a·b + c of its step fused, in {@link DeepChain}'s FMA order
 * (the last prefix product is fused into r = fma(pre_{H−2}, w_{H−1}, −y)).
""", [
    ("""        super(S.length(), problem.depth(), rule);""", """        super(S.length(), problem.depth(), rule);
        assert problem.fused();"""),
    ("""        final DoubleVector t = DoubleVector.broadcast(S, target);""", """        final DoubleVector negT = DoubleVector.broadcast(S, -target);"""),
    ("""            DoubleVector eta = DoubleVector.fromArray(S, this.eta, 0);""", """            DoubleVector negEta = DoubleVector.fromArray(S, this.eta, 0).neg(); // −η"""),
    ("""                    DoubleVector p = DoubleVector.fromArray(S, th, 0);
                    p.intoArray(pre, 0);
                    for (int i = 1; i < h; i++) {
                        p = p.mul(DoubleVector.fromArray(S, th, i * L));
                        p.intoArray(pre, i * L);
                    }
                    DoubleVector r = p.sub(t);
                    DoubleVector suf = DoubleVector.fromArray(S, th, (h - 1) * L);
                    r.mul(DoubleVector.fromArray(S, pre, (h - 2) * L)).add(lam.mul(suf)).intoArray(g, (h - 1) * L);
                    for (int i = h - 2; i >= 1; i--) {
                        DoubleVector w = DoubleVector.fromArray(S, th, i * L);
                        r.mul(DoubleVector.fromArray(S, pre, (i - 1) * L).mul(suf)).add(lam.mul(w)).intoArray(g, i * L);
                        suf = w.mul(suf);
                    }
                    r.mul(suf).add(lam.mul(DoubleVector.fromArray(S, th, 0))).intoArray(g, 0);""",
     """                    // prefix products pre_0 … pre_{H−2}; the last product is fused into r
                    DoubleVector p = DoubleVector.fromArray(S, th, 0);
                    p.intoArray(pre, 0);
                    for (int i = 1; i < h - 1; i++) {
                        p = p.mul(DoubleVector.fromArray(S, th, i * L));
                        p.intoArray(pre, i * L);
                    }
                    DoubleVector suf = DoubleVector.fromArray(S, th, (h - 1) * L);
                    DoubleVector r = p.fma(suf, negT);
                    r.fma(p, lam.mul(suf)).intoArray(g, (h - 1) * L);
                    for (int i = h - 2; i >= 1; i--) {
                        DoubleVector w = DoubleVector.fromArray(S, th, i * L);
                        r.fma(DoubleVector.fromArray(S, pre, (i - 1) * L).mul(suf), lam.mul(w)).intoArray(g, i * L);
                        suf = w.mul(suf);
                    }
                    r.fma(suf, lam.mul(DoubleVector.fromArray(S, th, 0))).intoArray(g, 0);"""),
    ("""                        g2 = g2.add(gq.mul(gq));
                        n2 = n2.add(wq.mul(wq));""", """                        g2 = gq.fma(gq, g2);
                        n2 = wq.fma(wq, n2);"""),
    ("""                    DoubleVector crit = lossCriterion ? half.mul(r.mul(r)).add(halfLam.mul(n2)) : g2;""",
     """                    DoubleVector crit = lossCriterion ? halfLam.fma(n2, half.mul(r.mul(r))) : g2;"""),
    ("""                    for (int q = 0; q < h * L; q += L)
                        DoubleVector.fromArray(S, th, q).sub(eta.mul(DoubleVector.fromArray(S, g, q)), active).intoArray(th, q);""",
     """                    for (int q = 0; q < h * L; q += L) {
                        DoubleVector wq = DoubleVector.fromArray(S, th, q);
                        wq.blend(negEta.fma(DoubleVector.fromArray(S, g, q), wq), active).intoArray(th, q);
                    }"""),
]))

emit("Float32DeepChainLanes", twin("DeepChainLanes", "DeepChainLanes", "Float32DeepChainLanes",
    """ * <p>float32 twin of {@link DeepChainLanes} (opt-in {@code --arithmetic float32}): the same loop over
 * {@code FloatVector}s, twice the lanes per vector, mirroring {@link DeepChain}'s float32 reference, on float mirrors
 * of LaneBook's double arrays (converted only for lanes that retire or refill), with thresholds the largest floats
 * at or below the double ones and float iteration counts (exact up to 2^24, the largest cap accepted).
""", [
    ("""    private final double target, lambda, halfLambda;
    private final boolean lossCriterion;
    private final double[] grad, prefix;""", """    private final float target, lambda, halfLambda;
    private final boolean lossCriterion;
    private final float[] grad, prefix, thf, hf, itf, g2f, n2f;"""),
    ("""        super(S.length(), problem.depth(), rule);
        this.h = problem.depth();
        this.target = problem.y();
        this.lambda = problem.lambda();
        this.halfLambda = 0.5 * problem.lambda();
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
        this.grad = new double[h * lanes];
        this.prefix = new double[h * lanes];""", """        super(S.length(), problem.depth(), rule);
        assert problem.single();
        if (rule.maxIterations() > Arithmetic.FLOAT32_MAX_ITERATIONS)
            throw new IllegalArgumentException("float32 arithmetic counts at most 2^24 iterations");
        this.h = problem.depth();
        this.target = (float) problem.y();
        this.lambda = (float) problem.lambda();
        this.halfLambda = 0.5f * lambda;
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
        this.grad = new float[h * lanes];
        this.prefix = new float[h * lanes];
        this.thf = new float[h * lanes];
        this.hf = new float[lanes];
        this.itf = new float[lanes];
        this.g2f = new float[lanes];
        this.n2f = new float[lanes];"""),
    ("""        begin(starts, first, count);
        final int L = lanes, h = this.h;
        final double[] th = theta, g = grad, pre = prefix;""", """        begin(starts, first, count);
        mirrorToFloat(-1L, thf, hf, itf);
        final int L = lanes, h = this.h;
        final float[] th = thf, g = grad, pre = prefix;"""),
    ("FloatVector.broadcast(S, 0.5);", "FloatVector.broadcast(S, 0.5f);"),
    ("FloatVector.broadcast(S, rule.threshold());", "FloatVector.broadcast(S, floatAtMost(rule.threshold()));"),
    ("FloatVector.broadcast(S, rule.divergenceNorm2());", "FloatVector.broadcast(S, floatAtMost(rule.divergenceNorm2()));"),
    ("Double.POSITIVE_INFINITY", "Float.POSITIVE_INFINITY"),
    ("FloatVector.broadcast(S, rule.maxIterations());", "FloatVector.broadcast(S, (float) rule.maxIterations());"),
    ("FloatVector.broadcast(S, 1.0);", "FloatVector.broadcast(S, 1f);"),
    ("""            FloatVector eta = FloatVector.fromArray(S, this.eta, 0);
            FloatVector it = FloatVector.fromArray(S, iterations, 0);""", """            FloatVector eta = FloatVector.fromArray(S, hf, 0);
            FloatVector it = FloatVector.fromArray(S, itf, 0);"""),
    ("g2.intoArray(finalG2, 0);", "g2.intoArray(g2f, 0);"),
    ("n2.intoArray(finalN2, 0);", "n2.intoArray(n2f, 0);"),
    ("""            it.intoArray(iterations, 0);
            retireAndRefill(doneBits, convergedBits, divergedBits, sink);""", """            it.intoArray(itf, 0);
            copyBackFromFloat(doneBits, thf, itf, g2f, n2f);
            retireAndRefill(doneBits, convergedBits, divergedBits, sink);
            mirrorToFloat(changedLanes, thf, hf, itf);"""),
    ("import org.gdsweep.engine.sweep.LaneSink;", "import org.gdsweep.engine.problem.Arithmetic;\nimport org.gdsweep.engine.sweep.LaneSink;"),
], float32=True))

emit("FusedScalarFactorizationLanes", twin("ScalarFactorizationLanes", "ScalarFactorizationLanes", "FusedScalarFactorizationLanes",
    """ * <p>Fused-multiply-add twin of {@link ScalarFactorizationLanes} (opt-in {@code --arithmetic fma}): the same loop
 * with every a·b + c rounded once, mirroring {@link ScalarVectorFactorization}'s fused reference:
 * r = fma(x, y, −t); gx = fma(r, y, λ·x); gy = fma(r, x, λ·y); ‖g‖² = fma(gx, gx, gy·gy); ‖θ‖² = fma(x, x, y·y);
 * L = fma(λ/2, ‖θ‖², 0.5·(r·r)); x ← fma(−η, gx, x).
""", [
    ("        assert problem.d() == 1;", "        assert problem.d() == 1 && problem.fused();"),
    ("        final DoubleVector t = DoubleVector.broadcast(S, target);", "        final DoubleVector negT = DoubleVector.broadcast(S, -target);"),
    ("            DoubleVector ha = DoubleVector.fromArray(S, eta, 0), hb = DoubleVector.fromArray(S, eta, L);",
     "            DoubleVector ha = DoubleVector.fromArray(S, eta, 0).neg(), hb = DoubleVector.fromArray(S, eta, L).neg(); // −η"),
    ("""                    DoubleVector ra = xa.mul(ya).sub(t), rb = xb.mul(yb).sub(t);
                    DoubleVector gxa = ra.mul(ya).add(lam.mul(xa)), gxb = rb.mul(yb).add(lam.mul(xb));
                    DoubleVector gya = ra.mul(xa).add(lam.mul(ya)), gyb = rb.mul(xb).add(lam.mul(yb));
                    DoubleVector g2a = gxa.mul(gxa).add(gya.mul(gya)), g2b = gxb.mul(gxb).add(gyb.mul(gyb));
                    DoubleVector n2a = xa.mul(xa).add(ya.mul(ya)), n2b = xb.mul(xb).add(yb.mul(yb));
                    DoubleVector ca = lossCriterion ? half.mul(ra.mul(ra)).add(halfLam.mul(n2a)) : g2a;
                    DoubleVector cb = lossCriterion ? half.mul(rb.mul(rb)).add(halfLam.mul(n2b)) : g2b;""",
     """                    DoubleVector ra = xa.fma(ya, negT), rb = xb.fma(yb, negT);
                    DoubleVector gxa = ra.fma(ya, lam.mul(xa)), gxb = rb.fma(yb, lam.mul(xb));
                    DoubleVector gya = ra.fma(xa, lam.mul(ya)), gyb = rb.fma(xb, lam.mul(yb));
                    DoubleVector g2a = gxa.fma(gxa, gya.mul(gya)), g2b = gxb.fma(gxb, gyb.mul(gyb));
                    DoubleVector n2a = xa.fma(xa, ya.mul(ya)), n2b = xb.fma(xb, yb.mul(yb));
                    DoubleVector ca = lossCriterion ? halfLam.fma(n2a, half.mul(ra.mul(ra))) : g2a;
                    DoubleVector cb = lossCriterion ? halfLam.fma(n2b, half.mul(rb.mul(rb))) : g2b;"""),
    ("""                    xa = xa.sub(ha.mul(gxa), activeA);
                    ya = ya.sub(ha.mul(gya), activeA);""", """                    xa = xa.blend(ha.fma(gxa, xa), activeA);
                    ya = ya.blend(ha.fma(gya, ya), activeA);"""),
    ("""                    xb = xb.sub(hb.mul(gxb), activeB);
                    yb = yb.sub(hb.mul(gyb), activeB);""", """                    xb = xb.blend(hb.fma(gxb, xb), activeB);
                    yb = yb.blend(hb.fma(gyb, yb), activeB);"""),
]))

emit("Float32ScalarFactorizationLanes", twin("ScalarFactorizationLanes", "ScalarFactorizationLanes", "Float32ScalarFactorizationLanes",
    """ * <p>float32 twin of {@link ScalarFactorizationLanes} (opt-in {@code --arithmetic float32}): the same loop over
 * {@code FloatVector}s, twice the lanes per vector, mirroring {@link ScalarVectorFactorization}'s float32 reference:
 * r = x·y − t; gx = r·y + λ·x; gy = r·x + λ·y; ‖g‖² = gx·gx + gy·gy; ‖θ‖² = x·x + y·y; x ← x − η·gx, every value a
 * float (θ₀, η, t, λ rounded once; λ/2 as 0.5f·λ). It works on float mirrors of LaneBook's double arrays, converted
 * only for lanes that retire or refill, so the hot loop never converts; the stop rule's thresholds become the largest
 * floats at or below them (the same decision as the reference's "float, widened, ≤ double threshold"); iteration
 * counts are floats, exact up to 2^24, the largest cap accepted.
""", [
    ("""    private final double target, lambda, halfLambda;
    private final boolean lossCriterion;""", """    private final float target, lambda, halfLambda;
    private final boolean lossCriterion;
    private final float[] thf, hf, itf, g2f, n2f;"""),
    ("""        assert problem.d() == 1;
        this.target = problem.y();
        this.lambda = problem.lambda();
        this.halfLambda = 0.5 * problem.lambda();
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;""", """        assert problem.d() == 1 && problem.single();
        if (rule.maxIterations() > Arithmetic.FLOAT32_MAX_ITERATIONS)
            throw new IllegalArgumentException("float32 arithmetic counts at most 2^24 iterations");
        this.target = (float) problem.y();
        this.lambda = (float) problem.lambda();
        this.halfLambda = 0.5f * lambda;
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
        this.thf = new float[2 * lanes];
        this.hf = new float[lanes];
        this.itf = new float[lanes];
        this.g2f = new float[lanes];
        this.n2f = new float[lanes];"""),
    ("""        begin(starts, first, count);
        final int n = lanes; // 2L
        final double[] th = theta;""", """        begin(starts, first, count);
        mirrorToFloat(-1L, thf, hf, itf);
        final int n = lanes; // 2L
        final float[] th = thf;"""),
    ("FloatVector.broadcast(S, 0.5);", "FloatVector.broadcast(S, 0.5f);"),
    ("FloatVector.broadcast(S, rule.threshold());", "FloatVector.broadcast(S, floatAtMost(rule.threshold()));"),
    ("FloatVector.broadcast(S, rule.divergenceNorm2());", "FloatVector.broadcast(S, floatAtMost(rule.divergenceNorm2()));"),
    ("Double.POSITIVE_INFINITY", "Float.POSITIVE_INFINITY"),
    ("FloatVector.broadcast(S, rule.maxIterations());", "FloatVector.broadcast(S, (float) rule.maxIterations());"),
    ("FloatVector.broadcast(S, 1.0);", "FloatVector.broadcast(S, 1f);"),
    ("""            FloatVector ha = FloatVector.fromArray(S, eta, 0), hb = FloatVector.fromArray(S, eta, L);
            FloatVector ia = FloatVector.fromArray(S, iterations, 0), ib = FloatVector.fromArray(S, iterations, L);""",
     """            FloatVector ha = FloatVector.fromArray(S, hf, 0), hb = FloatVector.fromArray(S, hf, L);
            FloatVector ia = FloatVector.fromArray(S, itf, 0), ib = FloatVector.fromArray(S, itf, L);"""),
    FLOAT_FINAL_NORMS,
    ("import org.gdsweep.engine.sweep.LaneSink;", "import org.gdsweep.engine.problem.Arithmetic;\nimport org.gdsweep.engine.sweep.LaneSink;"),
] + FLOAT_MIRROR_SUBS, float32=True))

NETWORK_FMA = [
    ("""        super(S.length(), problem.parameterCount(), rule);""", """        super(S.length(), problem.parameterCount(), rule);
        assert problem.arithmetic() == Arithmetic.FMA;"""),
    ("import org.gdsweep.engine.sweep.LaneSink;", "import org.gdsweep.engine.problem.Arithmetic;\nimport org.gdsweep.engine.sweep.LaneSink;"),
    ("rr = rr.add(r.mul(r));", "rr = r.fma(r, rr);"),
    ("DoubleVector.fromArray(S, e, q * L).add(lam.mul(DoubleVector.fromArray(S, th, (wo + q) * L))).intoArray(g, (wo + q) * L);",
     "lam.fma(DoubleVector.fromArray(S, th, (wo + q) * L), DoubleVector.fromArray(S, e, q * L)).intoArray(g, (wo + q) * L);"),
    ("acc.add(lam.mul(DoubleVector.fromArray(S, th, q * L))).intoArray(g, q * L);", "lam.fma(DoubleVector.fromArray(S, th, q * L), acc).intoArray(g, q * L);"),
    ("""                        g2 = g2.add(gq.mul(gq));
                        n2 = n2.add(wq.mul(wq));""", """                        g2 = gq.fma(gq, g2);
                        n2 = wq.fma(wq, n2);"""),
    ("DoubleVector crit = lossCriterion ? half.mul(rr).add(halfLam.mul(n2)) : g2;", "DoubleVector crit = lossCriterion ? halfLam.fma(n2, half.mul(rr)) : g2;"),
    ("DoubleVector eta = DoubleVector.fromArray(S, this.eta, 0);", "DoubleVector negEta = DoubleVector.fromArray(S, this.eta, 0).neg(); // −η"),
    ("""                    for (int q = 0; q < P * L; q += L)
                        DoubleVector.fromArray(S, th, q).sub(eta.mul(DoubleVector.fromArray(S, g, q)), active).intoArray(th, q);""",
     """                    for (int q = 0; q < P * L; q += L) {
                        DoubleVector wq = DoubleVector.fromArray(S, th, q);
                        wq.blend(negEta.fma(DoubleVector.fromArray(S, g, q), wq), active).intoArray(th, q);
                    }"""),
]
fused_network = twin("LinearNetworkLanes", "LinearNetworkLanes", "FusedLinearNetworkLanes",
    """ * <p>{@link LinearNetworkLanes} in FMA arithmetic: every a·b + c of its step fused, in {@link LinearNetwork}'s FMA
 * order.
""", NETWORK_FMA)
fused_network, hits = re.subn(r"acc = acc\.add\((.+)\n(\s+)\.mul\((.+)\)\);$", r"acc = \1\n\2.fma(\3, acc);", fused_network, flags=re.M)
assert hits == 3, "LinearNetworkLanes.java changed: update the generator"
emit("FusedLinearNetworkLanes", fused_network)

# Substitutions every float32 twin of a one-vector, parameter-major kernel (LinearNetworkLanes,
# MultilayerPerceptronLanes) needs: the iteration cap float counts can hold, the stop rule's constants in float and the
# final ‖∇L‖², ‖θ‖² into the float mirrors.
FLOAT_PARAMETER_LANE_SUBS = [
    ("""        super(S.length(), problem.parameterCount(), rule);""", """        super(S.length(), problem.parameterCount(), rule);
        assert problem.arithmetic() == Arithmetic.FLOAT32;
        if (rule.maxIterations() > Arithmetic.FLOAT32_MAX_ITERATIONS)
            throw new IllegalArgumentException("float32 arithmetic counts at most 2^24 iterations");"""),
    ("FloatVector.broadcast(S, rule.threshold());", "FloatVector.broadcast(S, floatAtMost(rule.threshold()));"),
    ("FloatVector.broadcast(S, rule.divergenceNorm2());", "FloatVector.broadcast(S, floatAtMost(rule.divergenceNorm2()));"),
    ("Double.POSITIVE_INFINITY", "Float.POSITIVE_INFINITY"),
    ("FloatVector.broadcast(S, rule.maxIterations());", "FloatVector.broadcast(S, (float) rule.maxIterations());"),
    ("FloatVector.broadcast(S, 1.0);", "FloatVector.broadcast(S, 1f);"),
    ("g2.intoArray(finalG2, 0);", "g2.intoArray(g2f, 0);"),
    ("n2.intoArray(finalN2, 0);", "n2.intoArray(n2f, 0);"),
]

network32 = twin("LinearNetworkLanes", "LinearNetworkLanes", "Float32LinearNetworkLanes",
    """ * <p>float32 twin of {@link LinearNetworkLanes} (opt-in {@code --arithmetic float32}): the same loops over
 * {@code FloatVector}s, twice the lanes per vector, mirroring {@link LinearNetwork}'s float32 reference, on float
 * mirrors of LaneBook's double arrays (converted only for lanes that retire or refill), with thresholds the largest
 * floats at or below the double ones and float iteration counts (exact up to 2^24, the largest cap accepted).
""", [
    ("import org.gdsweep.engine.sweep.LaneSink;", "import org.gdsweep.engine.problem.Arithmetic;\nimport org.gdsweep.engine.sweep.LaneSink;"),
    ("private final double[] target;", "private final float[] target;"),
    ("private final double lambda, halfLambda;", "private final float lambda, halfLambda;"),
    ("private final double[] grad, forward, errorA, errorB;", "private final float[] grad, forward, errorA, errorB, thf, hf, itf, g2f, n2f;"),
    ("this.target = problem.targetCopy();", "this.target = toFloats(problem.targetCopy());"),
    ("this.lambda = problem.lambda();", "this.lambda = (float) problem.lambda();"),
    ("this.halfLambda = 0.5 * problem.lambda();", "this.halfLambda = 0.5f * (float) problem.lambda();"),
    ("this.grad = new double[parameters * lanes];", "this.grad = new float[parameters * lanes];\n"
     "        this.thf = new float[parameters * lanes];\n        this.hf = new float[lanes];\n        this.itf = new float[lanes];\n"
     "        this.g2f = new float[lanes];\n        this.n2f = new float[lanes];"),
    ("this.forward = new double[", "this.forward = new float["),
    ("this.errorA = new double[", "this.errorA = new float["),
    ("this.errorB = new double[", "this.errorB = new float["),
    ("""        begin(starts, first, count);""", """        begin(starts, first, count);
        mirrorToFloat(-1L, thf, hf, itf);"""),
    ("final double[] th = theta, g = grad, fw = forward, phi = target;", "final float[] th = thf, g = grad, fw = forward, phi = target;"),
    ("double[] e = errorA, e2 = errorB;", "float[] e = errorA, e2 = errorB;"),
    ("double[] swap = e;", "float[] swap = e;"),
    ("FloatVector.broadcast(S, 0.5);", "FloatVector.broadcast(S, 0.5f);"),
    ("""            FloatVector eta = FloatVector.fromArray(S, this.eta, 0);
            FloatVector it = FloatVector.fromArray(S, iterations, 0);""", """            FloatVector eta = FloatVector.fromArray(S, hf, 0);
            FloatVector it = FloatVector.fromArray(S, itf, 0);"""),
    ("""            it.intoArray(iterations, 0);
            retireAndRefill(doneBits, convergedBits, divergedBits, sink);""", """            it.intoArray(itf, 0);
            copyBackFromFloat(doneBits, thf, itf, g2f, n2f);
            retireAndRefill(doneBits, convergedBits, divergedBits, sink);
            mirrorToFloat(changedLanes, thf, hf, itf);"""),
] + FLOAT_PARAMETER_LANE_SUBS, float32=True)
emit("Float32LinearNetworkLanes", network32)

fused_mlp = twin("MultilayerPerceptronLanes", "MultilayerPerceptronLanes", "FusedMultilayerPerceptronLanes",
    """ * <p>Fused-multiply-add twin of {@link MultilayerPerceptronLanes} (opt-in {@code --arithmetic fma}), mirroring
 * {@link MultilayerPerceptron}'s FMA reference: every multiply-add of the forward pass, the gradient accumulation, the
 * backward sums, Σr², ‖g‖² and ‖θ‖² is one fma; g = fma(λ, θ, G/n); L = fma(λ/2, ‖θ‖², Σr²/(2n)); θ ← fma(−η, g, θ),
 * v ← fma(−η, g, β·v). The activation (gdsweep's tanh included) is never fused.
""", [
    ("""        super(S.length(), problem.parameterCount(), rule);""", """        super(S.length(), problem.parameterCount(), rule);
        assert problem.arithmetic() == Arithmetic.FMA;"""),
    ("import org.gdsweep.engine.problem.Activation;", "import org.gdsweep.engine.problem.Activation;\nimport org.gdsweep.engine.problem.Arithmetic;"),
    ("DoubleVector g0 = invN.mul(DoubleVector.fromArray(S, g, 0)).add(lam.mul(w0));", "DoubleVector g0 = lam.fma(w0, invN.mul(DoubleVector.fromArray(S, g, 0)));"),
    ("DoubleVector gq = invN.mul(DoubleVector.fromArray(S, g, q)).add(lam.mul(wq));", "DoubleVector gq = lam.fma(wq, invN.mul(DoubleVector.fromArray(S, g, q)));"),
    ("DoubleVector crit = lossCriterion ? halfInvN.mul(rr).add(halfLam.mul(n2)) : g2;", "DoubleVector crit = lossCriterion ? halfLam.fma(n2, halfInvN.mul(rr)) : g2;"),
    ("DoubleVector eta = DoubleVector.fromArray(S, this.eta, 0);", "DoubleVector negEta = DoubleVector.fromArray(S, this.eta, 0).neg(); // −η"),
    ("DoubleVector nv = beta.mul(vq).sub(eta.mul(DoubleVector.fromArray(S, g, q)));", "DoubleVector nv = negEta.fma(DoubleVector.fromArray(S, g, q), beta.mul(vq));"),
    ("""            for (int q = 0; q < P * L; q += L)
                DoubleVector.fromArray(S, th, q).sub(eta.mul(DoubleVector.fromArray(S, g, q)), active).intoArray(th, q);""",
     """            for (int q = 0; q < P * L; q += L) {
                DoubleVector wq = DoubleVector.fromArray(S, th, q);
                wq.blend(negEta.fma(DoubleVector.fromArray(S, g, q), wq), active).intoArray(th, q);
            }"""),
])
# every multiply-add of the tiles (16 sums in each of the forward, gradient and back-propagation tiles), Σr², ‖g‖², ‖θ‖²:
# s = s.add(a.mul(b)) becomes s = a.fma(b, s)
fused_mlp, hits = re.subn(r"(\w+) = \1\.add\((\w+)\.mul\((\w+)\)\);", r"\1 = \2.fma(\3, \1);", fused_mlp)
assert hits == 3 * 16 + 3, f"MultilayerPerceptronLanes.java changed ({hits} multiply-adds): update the generator"
emit("FusedMultilayerPerceptronLanes", fused_mlp)

mlp32 = twin("MultilayerPerceptronLanes", "MultilayerPerceptronLanes", "Float32MultilayerPerceptronLanes",
    """ * <p>float32 twin of {@link MultilayerPerceptronLanes} (opt-in {@code --arithmetic float32}): the same loops over
 * {@code FloatVector}s, twice the lanes per vector, mirroring {@link MultilayerPerceptron}'s float32 reference (x, y,
 * λ, 1/n, β rounded to float once; tanh is {@link Activation#tanhFloat}), on float mirrors of LaneBook's double arrays
 * (converted only for lanes that retire or refill), with thresholds the largest floats at or below the double ones
 * and float iteration counts (exact up to 2^24, the largest cap accepted).
""", [
    ("import org.gdsweep.engine.problem.Activation;", "import org.gdsweep.engine.problem.Activation;\nimport org.gdsweep.engine.problem.Arithmetic;"),
    ("import jdk.incubator.vector.LongVector;", "import jdk.incubator.vector.IntVector;"),
    ("private final double[] x, y;", "private final float[] x, y;"),
    ("private final double invSamples, halfInvSamples, lambda, halfLambda, momentum;", "private final float invSamples, halfInvSamples, lambda, halfLambda, momentum;"),
    ("private final double[] grad, velocity, pre, act, deltaA, deltaB, input, zeros;",
     "private final float[] grad, velocity, pre, act, deltaA, deltaB, input, zeros, thf, hf, itf, g2f, n2f;"),
    ("this.x = problem.inputs();", "this.x = toFloats(problem.inputs());"),
    ("this.y = problem.targets();", "this.y = toFloats(problem.targets());"),
    ("this.invSamples = problem.invSamples();", "this.invSamples = (float) problem.invSamples();"),
    ("this.halfInvSamples = problem.halfInvSamples();", "this.halfInvSamples = (float) problem.halfInvSamples();"),
    ("this.lambda = problem.workingLambda();", "this.lambda = (float) problem.workingLambda();"),
    ("this.halfLambda = problem.halfLambda();", "this.halfLambda = (float) problem.halfLambda();"),
    ("this.momentum = problem.momentum();", "this.momentum = (float) problem.momentum();"),
    ("this.grad = new double[parameters * lanes];", "this.grad = new float[parameters * lanes];\n"
     "        this.thf = new float[parameters * lanes];\n        this.hf = new float[lanes];\n        this.itf = new float[lanes];\n"
     "        this.g2f = new float[lanes];\n        this.n2f = new float[lanes];"),
    ("this.velocity = new double[", "this.velocity = new float["),
    ("this.pre = new double[", "this.pre = new float["),
    ("this.act = new double[", "this.act = new float["),
    ("this.deltaA = new double[", "this.deltaA = new float["),
    ("this.deltaB = new double[", "this.deltaB = new float["),
    ("this.input = new double[", "this.input = new float["),
    ("this.zeros = new double[", "this.zeros = new float["),
    ("""        begin(starts, first, count);""", """        begin(starts, first, count);
        mirrorToFloat(-1L, thf, hf, itf);"""),
    ("final double[] th = theta, g = grad,", "final float[] th = thf, g = grad,"),
    ("final double[] cs = Activation.EXPM1_COEFFICIENTS;", "final float[] cs = Activation.EXPM1_COEFFICIENTS_FLOAT;"),
    ("Arrays.fill(g, 0.0);", "Arrays.fill(g, 0f);"),

    ("double[] d = deltaA, d2 = deltaB;", "float[] d = deltaA, d2 = deltaB;"),
    ("double[] swap = d;", "float[] swap = d;"),
    ("""                    // Activation.tanh, operation for operation
                    FloatVector t2 = acc.min(Activation.TANH_CLAMP).max(-Activation.TANH_CLAMP).mul(2.0);
                    FloatVector kk = t2.mul(Activation.LOG2E).add(Activation.ROUNDING_SHIFTER).sub(Activation.ROUNDING_SHIFTER);
                    FloatVector r = t2.sub(kk.mul(Activation.LN2_HI)).sub(kk.mul(Activation.LN2_LO));""",
     """                    // Activation.tanhFloat, operation for operation
                    FloatVector t2 = acc.min(Activation.TANH_CLAMP_FLOAT).max(-Activation.TANH_CLAMP_FLOAT).mul(2f);
                    FloatVector kk = t2.mul(Activation.LOG2E_FLOAT).add(Activation.ROUNDING_SHIFTER_FLOAT).sub(Activation.ROUNDING_SHIFTER_FLOAT);
                    FloatVector r = t2.sub(kk.mul(Activation.LN2_HI_FLOAT)).sub(kk.mul(Activation.LN2_LO_FLOAT));"""),
    ("q = q.mul(r).add(1.0).mul(r);", "q = q.mul(r).add(1f).mul(r);"),
    ("""                    FloatVector scale = ((LongVector) kk.convert(VectorOperators.D2L, 0)).add(1023L)
                            .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
                    FloatVector em1 = scale.mul(q).add(scale.sub(1.0));
                    em1.div(em1.add(2.0)).intoArray(a, at);""",
     """                    FloatVector scale = ((IntVector) kk.convert(VectorOperators.F2I, 0)).add(127)
                            .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
                    FloatVector em1 = scale.mul(q).add(scale.sub(1f));
                    em1.div(em1.add(2f)).intoArray(a, at);"""),
    ("""        FloatVector eta = FloatVector.fromArray(S, this.eta, 0);
        FloatVector it = FloatVector.fromArray(S, iterations, 0);""", """        FloatVector eta = FloatVector.fromArray(S, hf, 0);
        FloatVector it = FloatVector.fromArray(S, itf, 0);"""),
    ("it.add(one, active).intoArray(iterations, 0);", "it.add(one, active).intoArray(itf, 0);"),
    ("""            retireAndRefill(doneBits, convergedBits, divergedBits, sink);""", """            copyBackFromFloat(doneBits, thf, itf, g2f, n2f);
            retireAndRefill(doneBits, convergedBits, divergedBits, sink);
            mirrorToFloat(changedLanes, thf, hf, itf);"""),
] + [s for s in FLOAT_PARAMETER_LANE_SUBS if s[0] != "FloatVector.broadcast(S, 1.0);"], float32=True)
# the step and the tanh derivative each broadcast 1
assert mlp32.count("FloatVector.broadcast(S, 1.0);") == 2, "MultilayerPerceptronLanes.java changed: update the generator"
mlp32 = mlp32.replace("FloatVector.broadcast(S, 1.0);", "FloatVector.broadcast(S, 1f);")
# the passes over the network take and declare their arrays: all of them float arrays in the twin
passes = mlp32.index("    // The passes over the network.")
mlp32 = mlp32[:passes] + mlp32[passes:].replace("double[]", "float[]")
emit("Float32MultilayerPerceptronLanes", mlp32)

# The manifest lets `mvn verify` (GeneratedKernelsTest) catch a template edited without rerunning this script, or a
# generated file edited by hand, without Python: it lists the SHA-256 of this script, every template and every
# generated kernel as this script last wrote them.
import hashlib


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


manifest_lines = ["# sha256  role  file (relative to the repository root); written by scripts/generate-kernels.py"]
repo = pathlib.Path(__file__).resolve().parent.parent
manifest_lines.append(f"{sha(pathlib.Path(__file__).read_text())}  generator  scripts/generate-kernels.py")
for t in TEMPLATES:
    manifest_lines.append(f"{sha((root / f'{t}.java').read_text())}  template  {(root / f'{t}.java').relative_to(repo)}")
for t, path in REFERENCES.items():
    manifest_lines.append(f"{sha(path.read_text())}  template  {path.relative_to(repo)}")
for name in sorted(emitted):
    manifest_lines.append(f"{sha(emitted[name])}  generated  {(root / f'{name}.java').relative_to(repo)}")
manifest = "\n".join(manifest_lines) + "\n"
manifest_path = repo / "engine/src/test/resources/generated-kernels.sha256"
if check:
    if not manifest_path.exists() or manifest_path.read_text() != manifest:
        stale.append(str(manifest_path.relative_to(repo)))
else:
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(manifest)
    print("wrote", manifest_path.relative_to(repo))

if stale:
    sys.exit("generate-kernels: out of date: " + ", ".join(stale) + " (run python3 scripts/generate-kernels.py)")
if check:
    print("generate-kernels: generated kernels are up to date")
