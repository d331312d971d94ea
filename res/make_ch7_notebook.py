"""Writes notebooks/07_initialization.ipynb (sources and grading metadata only). Afterwards: execute it with
nbconvert, `ruff format` it, and run `python res/slides.py metadata` on it (slide types depend on its outputs)."""

import json
import sys
from pathlib import Path

CELLS = []


def md(text):
    CELLS.append({"cell_type": "markdown", "metadata": {}, "source": text.strip("\n")})


def code(text, grade_id=None):
    meta = {}
    if grade_id:
        meta["nbgrader"] = {
            "grade": False,
            "grade_id": grade_id,
            "locked": False,
            "schema_version": 3,
            "solution": True,
            "task": False,
        }
    CELLS.append(
        {"cell_type": "code", "metadata": meta, "source": text.strip("\n"), "outputs": [], "execution_count": None}
    )


md(r"""
# Initialization, vanishing and exploding gradients, and other strategies

Every earlier chapter started gradient descent somewhere and asked how it moves. For a deep network the
starting point is not a detail: it decides whether the signal reaches the output at all, whether the
gradient reaches the first layer, and so whether training can begin. This last chapter follows the
signal and the gradient through deep networks at initialization, derives the scales that keep them
alive (LeCun, Glorot, He, orthogonal), looks at repeated multiplication (vanishing and exploding
gradients), the cliffs it creates and gradient clipping, and ends with the strategies that make
networks easier to optimize: batch normalization, skip connections, continuation.

## Learning objectives

After this chapter you can

* explain why identical units never become different, and why weights are drawn at random and biases set;
* derive Var(Σ w x) = n Var(w) Var(x) and from it the LeCun, Glorot and He scales, and spot a wrong one;
* measure per-layer statistics of activations and gradients and read vanishing, saturation and explosion off them;
* explain why orthogonal weights keep a deep linear network's Jacobian an isometry;
* connect W^t = V diag(λ)^t V⁻¹ to vanishing and exploding gradients, and clip gradients on a cliff;
* implement the batch-normalization forward pass and one LSUV rescaling step, and say what each changes;
* use continuation (smoothing, then sharpening) to reach a minimum plain descent misses.

## Prerequisites

Chapter 1 (gradient descent, the `bumpy` landscape), chapter 2 (eigenvalues and eigenvectors),
chapter 4 (SGD). A network layer computes $a_l = W_l h_{l-1} + b_l$, $h_l = \phi(a_l)$, with $W_l$ of
shape (fan_out, fan_in); `lecturekit.nn` holds the networks, `lecturekit.propagation` the per-layer
statistics.
""")

code(r"""
from functools import partial

import matplotlib.pyplot as plt
import numpy as np

from lecturekit import checks, continuation, nn, optim, propagation
from lecturekit.objectives import cliff, landscapes
from lecturekit.plots import initialization as draw
from lecturekit.style import use_style
from lecturekit.widgets import initialization as explorers

use_style("notebook")  # use_style("talk") on a projector
rng = np.random.default_rng(2026)
np.set_printoptions(precision=4, suppress=True)
""")

md(r"""
## 1. Why the start matters

Goodfellow et al. (section 8.4) list what the initial point decides: whether training converges at
all, how fast, and to a point with what generalization error. The last one is not the same as the
first two: some starts that are good for optimization are bad for generalization, and we understand
that link much less well. Our methods are heuristics that try to make the *start* trainable.

One way to read an initialization is as a prior. Gradient descent with early stopping stays near
$\theta_0$, much like maximum a posteriori estimation with a Gaussian prior centred at $\theta_0$. A
$\theta_0$ near 0 then says: a priori, units are more likely *not* to interact than to interact.
Each section below is one requirement a good start must meet.
""")

md(r"""
## 2. Breaking symmetry

Two hidden units with the same activation, the same inputs and the *same incoming weights* compute the
same function, so they receive the same gradient, so after the update they are still the same. Gradient
descent can never tell them apart. We train a 2-8-2 tanh network on XOR from constant weights
(every weight 0.3) and record how far apart the eight hidden units' incoming weight vectors are at every
step, then do the same from Glorot weights.
""")

code(r"""
xor = nn.datasets.xor(rng, n=80, noise=0.2)
small = nn.mlp(xor.X, xor.y, (2, 8, 2), "tanh", "softmax_cross_entropy")
starts = {
    "constant 0.3": small.init(rng, 1, weights=partial(nn.init.constant, value=0.3)),
    "Glorot uniform": small.init(rng, 1, weights=nn.init.glorot_uniform),
}
for name, w0 in starts.items():
    traj = optim.run(optim.sgd(0.5), small, w0, 300, record_every=10)
    W1 = np.stack([small.unflatten(w)[0].W[0] for w in traj.x])  # (records, 8 units, 2 inputs)
    spread = np.abs(W1 - W1[:, :1]).max(axis=(1, 2))  # largest gap between unit 1 and any other unit
    print(f"{name:15s} largest gap between hidden units: at step 0 {spread[0]:.3g}, "
          f"over all {len(spread)} records {spread.max():.3g}; training accuracy {small.accuracy(traj.x[-1])[0]:.2f}")
""")

md(r"""
From constant weights the gap is exactly 0 at every recorded step: the eight units stay one unit, and
the network is no better than one with a single hidden unit (XOR needs at least two). From random weights
the units start apart and the network learns. This is why **weights are drawn at random** (from a
Gaussian or a uniform distribution; the choice matters little, the *scale* matters a lot), while
**biases are set to constants**: once the weights differ, equal biases break nothing.
""")

md(r"""
## 3. Scale: what the signal does in a deep network

Take $L$ square layers of width $n$ with weights $W_{ij} \sim N(0, s^2/n)$, no biases, and push 64 random
inputs through. Record the standard deviation of the activations $h_l$ per layer (forward) and of the
gradients $\partial L/\partial h_l$ that come back from a random output gradient (backward). The explorer
shows both for tanh and ReLU; $s = 1$ is LeCun's scale, $s = \sqrt2$ He's, $s = \sqrt6$ what the lecture
notes' misprinted Glorot bound gives (section 4).
""")

code(r"""
# NBVAL_IGNORE_OUTPUT
scale_explorer = explorers.scale_depth_explorer(np.random.default_rng(7), width=48, examples=64, depth=20)
scale_explorer
""")

md(r"""
Move the scale: below 1 both profiles fall geometrically with depth (the signal vanishes, and so does the
gradient that trains the first layers); for ReLU above $\sqrt2$ they grow geometrically (explode); for tanh
a large scale cannot explode, the units saturate at ±1 instead while the gradient grows towards the input.
Only a narrow band of scales keeps a 20-layer network trainable, and the band narrows with depth (move the
depth slider). The numbers behind the default picture:
""")

code(r"""
sweep = scale_explorer.data["sweeps"]
scales, depths = scale_explorer.data["scales"], list(scale_explorer.data["depths"])
k = depths.index(20)
for act in ("tanh", "relu"):
    for s in (0.5, 1.0, np.sqrt(2), np.sqrt(6)):
        i = int(np.argmin(abs(scales - s)))
        a, g, sat, dead = (x[i, k] for x in sweep[act])
        stuck = f"saturated {100 * sat[20]:3.0f}%" if act == "tanh" else f"dead {100 * dead[20]:3.0f}%"
        print(f"{act}  s = {s:4.2f}: std of h_20 {a[20]:9.3g}, std of dL/dh_0 {g[0]:9.3g}, {stuck} of layer 20")
""")

md(r"""
## 4. Variance-preserving initialization

For independent weights with mean 0 and inputs independent of them,

$$\operatorname{Var}\Big(\sum_{i=1}^{n} w_i x_i\Big) = n \operatorname{Var}(w)\, \mathbb E[x^2]
= n \operatorname{Var}(w) \operatorname{Var}(x) \quad \text{if } \mathbb E x = 0 .$$

Keeping the variance of the pre-activations equal from layer to layer therefore asks for
$\operatorname{Var}(w) = 1/n_\text{in}$ (**LeCun**, for units that are linear near 0 such as tanh).
The backward pass multiplies by $W^\top$, which asks for $1/n_\text{out}$; **Glorot & Bengio** (2010)
take the compromise $\operatorname{Var}(w) = 2/(m + n)$ with $m, n$ the fan-in and fan-out, as the
*normalized initialization*

$$W_{ij} \sim U\Big(-\frac{\sqrt6}{\sqrt{m+n}}, \frac{\sqrt6}{\sqrt{m+n}}\Big),
\qquad \operatorname{Var} = \frac{r^2}{3} = \frac{2}{m+n}.$$

**The lecture notes print the bound as $6/\sqrt{m+n}$. That is a misprint**: its variance is $12/(m+n)$,
six times too large, a scale $\sqrt6 \approx 2.45$ times too wide. For ReLU, half of the units are 0, so
$\mathbb E[h^2] = \operatorname{Var}(a)/2$ and **He et al.** (2015) double the variance: $2/n_\text{in}$.

First the identity itself, layer by layer: the measured $\mathbb E[a_l^2]$ against
$n \operatorname{Var}(w)\,\mathbb E[h_{l-1}^2]$ computed from the measured previous layer, in 20-layer
networks of width 256 (8 networks per scheme; one network is one random draw, and for ReLU, whose
inputs have a nonzero mean, a single draw fluctuates by about $\sqrt{2/256} \approx 9\%$ per layer).
""")

code(r"""
n, L = 256, 20
X = rng.standard_normal((256, n))
schemes = {  # name: (activation, nn.init scheme, weight variance it promises)
    "LeCun, tanh": ("tanh", nn.init.lecun_normal, propagation.scheme_variance("lecun", n, n)),
    "Glorot, tanh": ("tanh", nn.init.glorot_uniform, propagation.scheme_variance("glorot", n, n)),
    "He, ReLU": ("relu", nn.init.he_normal, propagation.scheme_variance("he", n, n)),
    "LeCun, ReLU": ("relu", nn.init.lecun_normal, propagation.scheme_variance("lecun", n, n)),
}
profiles = {}
for name, (act, scheme, var_w) in schemes.items():
    Ws = propagation.deep_weights(rng, 8, L, n, scheme)
    p = propagation.propagate(Ws, X, act)
    predicted = propagation.preactivation_variance(n, var_w, p.act_msq[:, :-1]).mean(axis=0)
    measured = p.pre_msq.mean(axis=0)  # mean over the 8 networks
    worst = np.max(np.abs(measured / predicted - 1))
    profiles[name] = p
    print(f"{name:13s} n Var(w) = {var_w * n:.2f}; E[a_l²] against n Var(w) E[h_(l-1)²]: worst of 20 layers "
          f"{100 * worst:.1f}% off; E[a_1²] = {measured[0]:.3g}, E[a_20²] = {measured[-1]:.3g}")
""")

md(r"""
The identity holds in every layer to within the sampling error of 8 finite networks (a few percent).
What changes between schemes is the chain: He keeps $\mathbb E[a_l^2]$ of a ReLU network of the order of its first
value 2 (since $\mathbb E[x^2] = 1$; after 20 finite-width layers it is about 1.5), LeCun on ReLU halves it every layer ($2^{-19} \approx 2 \times
10^{-6}$ of the first value after 19 halvings). For tanh, which squashes, LeCun's and Glorot's scales (the
same variance $1/n$ for square layers) still let the signal shrink slowly with depth. Now the misprint in a deep tanh network:
""")

code(r"""
def notes_glorot(rng, batch, fan_in, fan_out):
    # the lecture notes' bound, 6 / sqrt(m + n): deliberately wrong
    r = propagation.glorot_bound(fan_in, fan_out, misprint=True)
    return rng.uniform(-r, r, size=(batch, fan_out, fan_in))


correct_vs_notes = {"Glorot √6/√(m+n)": nn.init.glorot_uniform, "notes 6/√(m+n)": notes_glorot}
fig, (ax_f, ax_b) = plt.subplots(1, 2, figsize=(9.5, 3.6))
for i, (name, scheme) in enumerate(correct_vs_notes.items()):
    p = propagation.propagate(propagation.deep_weights(rng, 1, L, n, scheme), X, "tanh")
    W = scheme(rng, 1, n, n)
    print(f"{name:17s} Var(w) = {W.var():.5f} (theory {(12 if 'notes' in name else 2) / (2 * n):.5f}); "
          f"saturated at layer 20: {100 * p.saturated[0, -1]:.0f}%; std of dL/dh_0: {p.grad_std[0, 0]:.3g}")
    draw.layer_profile(p.act_std[0], ax_f, i, label=name)
    draw.layer_profile(p.grad_std[0], ax_b, i, label=name)
ax_f.set_ylabel("std of h_l")
ax_b.set_ylabel("std of ∂L/∂h_l")
ax_b.legend(fontsize="small", loc="upper right")
plt.show()
""")

md(r"""
With the correct bound the tanh activations shrink slowly and the gradient stays of order 1. With the
misprinted bound the activations sit near ±1 (a sizeable fraction of the units have slope below 0.01)
and the backward gradient grows towards the input instead of staying level: a network in this state
learns its first layers with huge, erratic steps and its saturated units barely at all.
""")

md(r"""
## 5. Orthogonal initialization

An orthogonal matrix keeps every norm: $\lVert Q x\rVert = \lVert x\rVert$. A deep *linear* network with
orthogonal weights has input-output Jacobian $J = W_L \cdots W_1$, itself orthogonal, so *every* singular
value is exactly 1 (Saxe, McClelland & Ganguli 2013): every direction of the input reaches the output,
and every direction of the gradient reaches the input (**dynamical isometry**). Gaussian weights with the
same variance $1/n$ keep only the *average* $\mathbb E \lVert Jv\rVert^2 = \lVert v\rVert^2$: their
singular values spread over orders of magnitude as depth grows.
""")

code(r"""
depth, width, B = 30, 64, 8
x0 = rng.standard_normal(width)
weights = {
    "Gaussian N(0, 1/n)": propagation.deep_weights(rng, B, depth, width, nn.init.lecun_normal),
    "orthogonal": propagation.deep_weights(rng, B, depth, width, nn.init.orthogonal),
}
fig, axes = plt.subplots(1, 2, figsize=(9.5, 3.6), sharey=True)
for ax, act in zip(axes, ("linear", "tanh")):
    for i, (name, Ws) in enumerate(weights.items()):
        sv = propagation.jacobian_singular_values(Ws, x0 / np.sqrt(width), act)  # (B, n)
        draw.spectrum(sv[0], ax, i, label=name)
        smallest = f"{sv.min():.2g}" if sv.min() > 1e-12 * sv.max() else "0 (to rounding)"
        print(f"{act:6s} {name:18s} singular values from {smallest} to {sv.max():.3g}; "
              f"mean of s² over {B} networks {np.mean(sv**2):.3f}")
    ax.set_title(f"depth {depth}, {act}")
axes[0].legend(fontsize="small", loc="lower left")
plt.show()
""")

md(r"""
For the linear network the orthogonal spectrum is a flat line at 1 (to rounding), while the Gaussian one
falls from a few singular values near 10 to ones at rounding level (the printed "0": an SVD of the product
cannot resolve singular values below about $10^{-16}$ times the largest, and the smallest true ones are far
below that); the mean of $s^2$ is near 1 only on
average over networks (a product of 30 random matrices fluctuates a lot). With tanh every slope
$\phi' < 1$ shrinks the spectrum a little in every layer, but the orthogonal spectrum stays narrow (all
singular values within a factor of about 2.3 of each other) while the Gaussian one still spans many orders
of magnitude; orthogonal weights with a gain slightly above 1 compensate the slopes (Saxe et al.).
""")

md(r"""
## 6. Sparse initialization

Dense schemes shrink every weight as fan-in grows ($1/\sqrt{n}$ each). Martens (2010) proposes instead
that each unit gets exactly $k$ nonzero incoming weights (he used $k = 15$): the total input stays
independent of the width while individual weights stay large, and units differ strongly from each other.
By the identity of section 4 with $k$ terms, N(0, s²) nonzero weights give $\operatorname{Var}(a) = k s^2
\operatorname{Var}(x)$; with $s = 1/\sqrt{k}$ that is 1.
""")

code(r"""
k, fan_in = 15, 1000
Xs = rng.standard_normal((2000, fan_in))
for name, scheme in {"dense LeCun": nn.init.lecun_normal,
                     f"sparse k = {k}": partial(nn.init.sparse, k=k, scale=1 / np.sqrt(k))}.items():
    W = scheme(rng, 1, fan_in, 200)[0]
    nonzero = W[W != 0]
    print(f"{name:13s} nonzero weights per unit {np.count_nonzero(W) / 200:6.1f}, their std {nonzero.std():.3f}; "
          f"Var(a) = {np.var(Xs @ W.T):.3f} (theory 1)")
""")

md(r"""
Both keep the pre-activation variance at 1 (to sampling error), but the sparse weights are about
$\sqrt{1000/15} \approx 8$ times larger. The price: a unit sees only 15 inputs, and gradient descent
(or Adam's per-coordinate scaling) may have a hard time growing the missing weights.
""")

md(r"""
## 7. Biases

*Zero biases* are compatible with every scheme above. Three exceptions:

* **ReLU hidden units** at 0.1 instead of 0: a unit whose pre-activation is negative on every example
  gets no gradient (it is *dead*); a small positive bias makes fewer units start dead.
* **Output units**: set the bias so that the untrained network already predicts the marginal statistics
  of the targets. For softmax outputs with small output weights, $b = \log$ (class frequencies) makes
  the initial predictions equal the class frequencies, and the initial loss the entropy of the labels.
* **Gating units**: a unit $u$ that multiplies others ($u h$) should start near 1, so the gate is open;
  the LSTM forget gate's bias is set to 1 for this reason (Jozefowicz et al. 2015).
""")

code(r"""
Xr = rng.standard_normal((64, 64))
for name, scheme in (("He", nn.init.he_normal), ("N(0, 0.01²)", partial(nn.init.normal, scale=0.01))):
    Ws = propagation.deep_weights(rng, 1, 10, 64, scheme)
    for b in (0.0, 0.1):
        p = propagation.propagate(Ws, Xr, "relu", biases=b)
        print(f"{name:11s} bias {b}: dead units (a <= 0 on all 64 examples) per layer "
              f"{np.round(100 * p.dead[0]).astype(int)} %")

moons = nn.datasets.moons(rng, n=400, noise=0.1)
keep = np.flatnonzero((moons.y == 0) | (np.arange(moons.y.size) % 9 == 0))  # about 10% of class 1
Xi, yi = moons.X[keep], moons.y[keep]
net = nn.mlp(Xi, yi, (2, 16, 2), "tanh", "softmax_cross_entropy")
freq = np.bincount(yi) / yi.size
tiny = partial(nn.init.normal, scale=1e-3)
for name, ob in (("zero output bias", None), ("prior bias log p", nn.init.prior_bias(net.y, net.loss))):
    w0 = net.init(rng, 1, weights=tiny, output_bias=ob)
    print(f"{name:17s} initial loss {net.value(w0)[0]:.4f}")
print(f"class frequencies {np.round(freq, 3)}: log 2 = {np.log(2):.4f}, entropy of the labels = "
      f"{-(freq * np.log(freq)).sum():.4f}")
""")

md(r"""
With bias 0 a part of the units of the deeper layers is dead at the start. With He weights the
pre-activations have standard deviation about 1, so a bias of 0.1 hardly changes which units are dead
(here it does not help at all); with small weights the bias dominates the pre-activations and 0.1 makes
every unit start active. The advice is for the second situation. With tiny
weights, the zero output bias starts at the loss of a coin flip, $\log 2$, and the prior bias at the
entropy of the labels (to the printed digits): the first steps need not spend their effort learning the
class frequencies.
""")

md(r"""
## 8. The rule of thumb, and LSUV

The lecture notes' practical advice: look at the range or standard deviation of the activations (or
gradients) on *one minibatch*, and if they are too small or too large, rescale. **LSUV** (Mishkin &
Matas 2016) turns this into an algorithm: start from orthogonal weights, then layer by layer, compute
the pre-activations on one minibatch and divide the layer's weights by their standard deviation until
their variance is 1. Here on an 8-layer tanh network on two spirals, against plain N(0, 0.1²) weights,
each trained with Adam from 3 seeds.
""")

code(r"""
spirals = nn.datasets.two_spirals(rng, n=100, noise=0.05)
deep = nn.mlp(spirals.X, spirals.y, (2,) + (16,) * 8 + (2,), "tanh", "softmax_cross_entropy")
w_small = deep.init(rng, 3, weights=partial(nn.init.normal, scale=0.1))
w_lsuv = nn.lsuv(deep, deep.init(rng, 3, weights=nn.init.orthogonal), tol=0.05)
for name, w0 in (("N(0, 0.1²)", w_small), ("LSUV", w_lsuv)):
    var = np.array([a.reshape(3, -1).var(axis=1).mean() for a in deep.forward(w0, return_all=True).pre])
    traj = optim.run(optim.adam(0.01), deep, w0, 400, record_every=None)
    print(f"{name:10s} Var(a_l) per layer {np.array2string(var, precision=2, floatmode='fixed', formatter={'float': lambda v: f'{v:.1e}'})}")
    print(f"{'':10s} ratios Var(a_(l+1)) / Var(a_l) of the hidden layers {np.round(var[2:-1] / var[1:-2], 3)}")
    print(f"{'':10s} loss after 400 Adam steps {np.round(traj.loss[-1], 3)}, accuracy {np.round(deep.accuracy(traj.x[-1]), 2)}")
print(f"prediction for N(0, 0.1²) in the linear regime of tanh: ratio n Var(w) = 16 × 0.01 = {16 * 0.01:.2f}")
""")

md(r"""
After LSUV every layer's pre-activation variance is within the tolerance 0.05 of 1 (the last layer, the
output, included; its ratios are 1). From N(0, 0.1²) the variance shrinks per layer by about the predicted
factor $n \operatorname{Var}(w) = 0.16$ (tanh is linear for such small inputs; one draw of these narrow
width-16 layers gives ratios between about 0.12 and 0.17), to about $10^{-9}$ at the output. In the same 400
Adam steps the LSUV networks fit the training set exactly, the small-weight ones end at a higher loss and
below 100% training accuracy (Adam's per-parameter scaling rescues them partly).
""")

md(r"""
## 9. Vanishing and exploding gradients: repeated multiplication

A recurrent network applies the *same* $W$ at every time step; a deep network applies similar ones at
every layer. Ignoring the nonlinearity, $h_t = W^t h_0$. With the eigendecomposition $W = V
\operatorname{diag}(\lambda) V^{-1}$,

$$W^t = V \operatorname{diag}(\lambda)^t V^{-1}$$

(Goodfellow et al., section 8.2.5 and 10.7): components along eigenvectors with $|\lambda| < 1$ decay
like $|\lambda|^t$, those with $|\lambda| > 1$ grow like $|\lambda|^t$. The gradient goes back through
$(W^t)^\top$, which has the same eigenvalues, so it vanishes or explodes with the signal. First the formula
against NumPy's repeated product:
""")

code(r"""
V = np.eye(4) + 0.4 * rng.standard_normal((4, 4))
lam = np.array([1.0, 0.8, -0.6, 0.4])
W = V @ np.diag(lam) @ np.linalg.inv(V)
gap = np.abs(propagation.eigen_power(V, lam, 25) - np.linalg.matrix_power(W, 25)).max()
print("max |V diag(λ)^t V⁻¹ - W·W·…·W| for t = 25:", "below 1e-12 (rounding)" if gap < 1e-12 else f"{gap:.1e}")
""")

code(r"""
# NBVAL_IGNORE_OUTPUT
power_explorer = explorers.power_explorer(np.random.default_rng(3), d=4, t_max=60, rho=0.9)
power_explorer
""")

md(r"""
The slider sets the largest eigenvalue magnitude $\rho$; the others are fixed fractions of it. Below 1
both norms fall along the dotted $\rho^t$ line, above 1 they rise along it (after the smaller components
have died out), and at exactly 1 they level off at the size of the component along the top eigenvector.
Fifty layers or time steps turn $\rho = 0.9$ into a factor $0.9^{50} \approx 0.005$ and $\rho = 1.1$ into
$117$: there is no middle ground except $|\lambda| = 1$, which is why recurrent networks need gated units
(LSTM) and why orthogonal weights (all $|\lambda| = 1$) are a natural start.
""")

md(r"""
## 10. Cliffs and gradient clipping

Where a multiplication by large weights happens, the loss can have a *cliff*: a narrow region where it
rises steeply (Goodfellow et al., fig. 8.3; Pascanu, Mikolov & Bengio 2013). On the cliff face the gradient
is huge, and one step throws the iterate far away, undoing all the previous progress. The gradient
*direction* is still useful; only its size is wrong. **Clipping by norm** rescales $g \leftarrow g\,
\min(1, c/\lVert g\rVert)$: same direction, length at most $c$. **Clipping by value** clips each
coordinate to $[-c, c]$, which also changes the direction.
""")

code(r"""
f = cliff()
start = np.array([[-2.5, 1.5]])
for name, opt in {"no clipping": optim.sgd(0.1),
                  "clip by norm 1": optim.chain(optim.clip_by_norm(1.0), optim.sgd(0.1)),
                  "clip by value 1": optim.chain(optim.clip_by_value(1.0), optim.sgd(0.1))}.items():
    traj = optim.run(opt, f, start, 60)
    steps = np.linalg.norm(np.diff(traj.x[:, 0], axis=0), axis=1)
    print(f"{name:16s} longest step {steps.max():6.2f}; final point {np.round(traj.x[-1, 0], 2)}, f = {traj.loss[-1, 0]:.2f}")
g = f.grad(np.array([-0.03, 1.0]))
g_value = np.clip(g, -1, 1)
print(f"on the wall face g = {np.round(g, 2)}: the value-clipped g turns by "
      f"{np.degrees(np.arccos(g @ g_value / np.linalg.norm(g) / np.linalg.norm(g_value))):.1f} degrees; "
      f"the norm-clipped one by 0 degrees")
""")

md(r"""
Without clipping one step on the wall face is about twice as long as the picture is wide; clipped at 1,
no step is longer than $\epsilon c = 0.1$ and the iterates stay at the foot of the wall (where they
bounce: the foot is too sharp for this learning rate, a job for a smaller learning rate, not for
clipping). In the explorer, move the learning rate and the threshold, and switch clipping on and off.
""")

code(r"""
# NBVAL_IGNORE_OUTPUT
clip_explorer = explorers.clipping_explorer(lr=0.1, threshold=1.0, mode="off")
clip_explorer
""")

md(r"""
With clipping off, small learning rates creep to the wall without falling off it, middle ones land on the
face and are thrown out of the picture, and the largest jump over the wall in one step and end on the
high side. With clipping on, a threshold below about 1 keeps every learning rate on the slider in the
picture; a large threshold lets the long steps through again.
""")

md(r"""
## 11. Batch normalization

The gradient tells each layer how to change *assuming the other layers stay fixed*; but all layers change
at once, and a deep network's output depends on their product, so the second-order effects of
simultaneous updates can be large (lecture notes; Goodfellow et al., section 8.7.1). Batch normalization
(Ioffe & Szegedy 2015) reparametrizes each layer so that the statistics of its output do not depend on
the layers before: for pre-activations $a$ of one unit over a minibatch of $m$ examples,

$$\mu = \frac1m\sum_i a_i,\quad \sigma^2 = \frac1m\sum_i (a_i - \mu)^2,\quad
\hat a_i = \frac{a_i - \mu}{\sqrt{\sigma^2 + \varepsilon}},\quad u_i = \gamma \hat a_i + \beta .$$

The backward pass goes through $\mu$ and $\sigma$ too (they depend on every example), which is what
stops gradient descent from changing the mean and scale just to have them undone:
$\partial L/\partial a_i = \frac{\gamma}{m\sqrt{\sigma^2+\varepsilon}}\big(m g_i - \sum_j g_j - \hat a_i
\sum_j g_j \hat a_j\big)$ with $g = \partial L/\partial u$. We check it against finite differences, look at
the activation statistics of a deep ReLU network with and without it, and train both at a high learning
rate.
""")

code(r"""
a, gamma, beta, gbar = rng.normal(2, 3, (1, 8, 3)), rng.normal(size=(1, 3)), rng.normal(size=(1, 3)), rng.normal(size=(1, 8, 3))
u, cache = nn.batchnorm.forward_train(a, gamma, beta, 1e-5)
d_a = nn.batchnorm.backward(gbar, gamma, cache)[0]
h = 1e-6
E = np.zeros_like(a)
E[0, 2, 1] = h
numeric = ((nn.batchnorm.forward_train(a + E, gamma, beta, 1e-5)[0] - nn.batchnorm.forward_train(a - E, gamma, beta, 1e-5)[0]) * gbar).sum() / (2 * h)
print(f"per-unit mean of u - β: {np.abs(u.mean(axis=1) - beta).max():.1e}, std of u / |γ|: {np.round(u.std(axis=1) / np.abs(gamma), 4)}")
print(f"dL/da[2, 1]: backward {d_a[0, 2, 1]:.8f}, central difference {numeric:.8f}")

clf = nn.datasets.moons(rng, n=128, noise=0.1)
sizes = (2,) + (16,) * 8 + (2,)
for bn in (False, True):
    net = nn.mlp(clf.X, clf.y, sizes, "relu", "softmax_cross_entropy", batch_norm=bn)
    w0 = net.init(np.random.default_rng(1), 3, weights=nn.init.he_normal)
    fw = net.forward(w0, return_all=True)
    stds = [u.std() for u in fw.post[:-1]]
    traj = optim.run(optim.sgd(1.0), net, w0, 300, record_every=None)
    print(f"batch norm {bn!s:5s}: std of hidden outputs per layer {np.round(stds, 2)}")
    print(f"     SGD lr = 1, 300 steps: loss {np.round(traj.loss[-1], 3)}, accuracy {np.round(net.accuracy(traj.x[-1]), 2)}, diverged {traj.diverged}")
""")

md(r"""
The transform makes every unit's output have mean β and standard deviation |γ| over the minibatch (up to
the ε), and the backward formula matches the finite difference. The plain deep ReLU network at learning
rate 1 does not train (it ends at the loss log 2 of a constant prediction, or worse); the batch-normalized
one reaches 100% training accuracy.

*A caveat on the explanation.* Ioffe & Szegedy motivated batch normalization by "internal covariate
shift". Santurkar et al. (2018) show that networks train well with batch normalization even when noise
is injected to *create* covariate shift, and that what it changes is the landscape: the loss and its
gradient vary more smoothly (smaller Lipschitz constants along the training path), which allows larger
learning rates, as above. Treat the original story as intuition, not as the mechanism.
""")

md(r"""
## 12. Choose a model family that is easy to optimize

The lecture notes' advice, before any clever algorithm: pick a model whose gradient reaches every layer.
Two examples. **ReLU rather than sigmoid**: the sigmoid's slope is at most 1/4, so every layer multiplies the
backward signal by at most $\frac14 \lVert W\rVert$; ReLU's slope is 1 where active. **Skip connections**:
a residual layer $h + \phi(Wh + b)$ passes the gradient through the identity as well, so it cannot vanish
by multiplication alone. We compare the gradient norm per layer at initialization in 20-layer networks of
width 16, all with the same small weights N(0, 0.15²) (a per-layer gain of $0.15 \sqrt{16} = 0.6$).
""")

code(r"""
deep_sizes = (2,) + (16,) * 20 + (2,)
nets = {
    "sigmoid, plain": nn.mlp(spirals.X, spirals.y, deep_sizes, "sigmoid", "softmax_cross_entropy"),
    "ReLU, plain": nn.mlp(spirals.X, spirals.y, deep_sizes, "relu", "softmax_cross_entropy"),
    "tanh, plain": nn.mlp(spirals.X, spirals.y, deep_sizes, "tanh", "softmax_cross_entropy"),
    "tanh, residual": nn.mlp(spirals.X, spirals.y, deep_sizes, "tanh", "softmax_cross_entropy", residual=True),
    "ReLU, residual": nn.mlp(spirals.X, spirals.y, deep_sizes, "relu", "softmax_cross_entropy", residual=True),
}
fig, ax = plt.subplots(figsize=(7.5, 3.6))
for i, (name, net) in enumerate(nets.items()):
    w0 = net.init(np.random.default_rng(5), 4, weights=partial(nn.init.normal, scale=0.15))
    norms = nn.layer_norms(net.backward(w0).layers).mean(axis=0)  # (L,), averaged over 4 networks
    ax.semilogy(np.arange(1, norms.size + 1), norms, label=name, ms=4, **draw.init_style(i))
    print(f"{name:15s} gradient norm: first layer {norms[0]:.2e}, last hidden layer {norms[-2]:.2e}")
ax.set_xlabel("layer l")
ax.set_ylabel("‖∂L/∂W_l‖ at initialization")
ax.legend(fontsize="small", loc="lower right")
plt.show()
""")

md(r"""
In the plain networks the gradient is tiny: for ReLU and tanh at every layer (the forward signal and the
backward one both shrink by about 0.6 per layer, and a weight gradient is their product), for the sigmoid
it falls by many orders of magnitude from the last layers to the first (slope at most 1/4 on top of the
small weights). The residual networks, with the same weights, have gradient norms of order 1 at every
depth: their first layers learn as fast as their last.
""")

md(r"""
## 13. Continuation and curriculum

**Continuation** methods (Goodfellow et al., section 8.7.6) minimize a sequence of objectives
$J^{(0)}, J^{(1)}, \dots$ that get harder, each started where the previous one ended. A classic choice
is Gaussian smoothing, $f_\sigma(x) = \mathbb E_{z\sim N(0,1)} f(x + \sigma z)$: a wide blur removes narrow
local minima, and sharpening $\sigma \to 0$ returns to the true objective. We blur chapter 1's `bumpy`
landscape (global minimum at −2, local minimum at 0.6, a flat inflection at 1.6 and plateaus), computing
$f_\sigma$ and $f'_\sigma$ by Gauss-Hermite quadrature.
""")

code(r"""
bumpy = landscapes.bumpy()
xs = np.linspace(-3.2, 4.0, 400)
sigmas = [0.0, 0.5, 1.0, 2.0]
curves = continuation.smoothed(bumpy, xs[None, :], np.array(sigmas)[:, None])
starts = np.array([0.3, 1.0, 2.5])
plain = continuation.continuation_descent(bumpy, starts, [0.0], lr=0.1, steps=800)
cont = continuation.continuation_descent(bumpy, starts, [2.0, 1.0, 0.5, 0.0], lr=0.1, steps=200)
print("start           ", starts)
print("plain descent   ", np.round(plain.ends[-1], 3))
print("continuation    ", np.round(cont.ends[-1], 3), "(σ = 2, 1, 0.5, 0; 200 steps each)")
print(f"check: f_σ at σ = 0 equals f to {np.abs(curves[0] - bumpy.value(xs[:, None])).max():.1e}")

fig, ax = plt.subplots(figsize=(7.5, 3.8))
draw.smoothed_curves(xs, curves, sigmas, ax)
for x0 in starts:
    ax.plot([x0], [bumpy.value(np.array([x0]))], "o", color="0.2", ms=6)
ax.plot(plain.ends[-1], bumpy.value(plain.ends[-1][:, None]), "X", color=draw.init_style(1)["color"], ms=10,
        mec="black", ls="none", label="plain descent ends")
ax.plot(cont.ends[-1], bumpy.value(cont.ends[-1][:, None]), "*", color=draw.init_style(2)["color"], ms=14,
        mec="black", ls="none", label="continuation ends")
ax.legend(fontsize="x-small", loc="upper center", ncols=3)
ax.set_ylim(-0.3, 4.2)
plt.show()
""")

md(r"""
Plain gradient descent from these three starts stops in the local minimum at 0.6 or on the flat
inflection at 1.6; the blurred curves have no bump there, so continuation walks them all to the global
minimum at −2 and the final sharp stage only fine-tunes. The price is a smoothed gradient (here a
40-point quadrature, in high dimension a Monte Carlo average) and a schedule for σ; and continuation
is no guarantee: a blur can also move or merge minima.

**Curriculum learning** (Bengio et al. 2009) is continuation over *data*: train first on easy examples,
then add harder ones, as one teaches people; the early objectives are easier to optimize and steer the
parameters into a good region. **Supervised pretraining** is continuation over *models* or *tasks*: train
a simpler model or an easier task first (a shallower network, layer by layer, or a related task with more
data) and use its parameters to initialize the hard one (Goodfellow et al., section 8.7.4).
""")

md(r"""
## Exercises

Each code exercise has a solution cell and a check cell. Write your code in the solution cell, in place
of what stands between the two marker comments (in the student version: `raise NotImplementedError()`),
then run the check below it: it calls your function on fresh random inputs every time, compares it with
the reference and tells you what differs. A thinking exercise has its model answer folded under it: open
it once you have tried. The points in each title are for graded homework: a code exercise earns them when
its check passes, a thinking exercise is graded by hand.

**Exercise 1 (Glorot uniform).** Write `glorot_uniform(rng, fan_in, fan_out)` that returns a weight matrix of
shape `(fan_out, fan_in)` with entries drawn independently from $U(-r, r)$, $r = \sqrt6/\sqrt{m + n}$. The
check measures the empirical variance against $2/(m+n)$ and the largest entry against $r$.
""")

code(
    r"""
def glorot_uniform(rng, fan_in, fan_out):
    ### BEGIN SOLUTION
    r = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-r, r, size=(fan_out, fan_in))
    ### END SOLUTION
""",
    "ex_glorot_uniform",
)

code(r"""
checks.glorot_uniform(glorot_uniform)
""")

md(r"""
**Exercise 2 (batch normalization, forward).** Write `batchnorm_forward(a, gamma, beta, eps)` for
pre-activations `a` of shape `(m, w)` (m examples, w units) and `gamma`, `beta` of shape `(w,)`, returning
$u = \gamma\,(a - \mu)/\sqrt{\sigma^2 + \varepsilon} + \beta$ with the per-unit mean and (1/m) variance.
""")

code(
    r"""
def batchnorm_forward(a, gamma, beta, eps):
    ### BEGIN SOLUTION
    mu = a.mean(axis=0)
    var = ((a - mu) ** 2).mean(axis=0)
    return gamma * (a - mu) / np.sqrt(var + eps) + beta
    ### END SOLUTION
""",
    "ex_batchnorm_forward",
)

code(r"""
checks.batchnorm_forward(batchnorm_forward)
""")

md(r"""
**Exercise 3 (one LSUV step).** Write `lsuv_step(W, H)`: for a layer's weights `W` `(out, in)` and one
minibatch of its inputs `H` `(m, in)`, compute the pre-activations $A = H W^\top$, their variance $v$ over
all entries, and return $W/\sqrt{v}$.
""")

code(
    r"""
def lsuv_step(W, H):
    ### BEGIN SOLUTION
    return W / np.sqrt((H @ W.T).var())
    ### END SOLUTION
""",
    "ex_lsuv_step",
)

code(r"""
checks.lsuv_step(lsuv_step)
""")

md(r"""
**Exercise 4 (a planted bug).** A colleague's initializer, `colleague_init` below, makes deep tanh networks
hard to train. Run the diagnosis cell, find the bug from the activation statistics (what fraction of units
saturates? what variance do the weights have, and what should it be?), then write `fixed_init` in the
`nn.init` form `(rng, batch, fan_in, fan_out) -> (batch, fan_out, fan_in)`.
""")

code(r"""
def colleague_init(rng, batch, fan_in, fan_out):
    r = 6 / np.sqrt(fan_in + fan_out)
    return rng.uniform(-r, r, size=(batch, fan_out, fan_in))


diag = propagation.propagate(propagation.deep_weights(rng, 1, 20, 100, colleague_init), rng.standard_normal((200, 100)), "tanh")
W_c = colleague_init(rng, 1, 100, 100)
print(f"saturated units per layer (%): {np.round(100 * diag.saturated[0]).astype(int)}")
print(f"Var(w) = {W_c.var():.4f}; Var(w) · (m + n) / 2 = {W_c.var() * 100:.2f}")
""")

code(
    r"""
def fixed_init(rng, batch, fan_in, fan_out):
    ### BEGIN SOLUTION
    r = np.sqrt(6.0) / np.sqrt(fan_in + fan_out)
    return rng.uniform(-r, r, size=(batch, fan_out, fan_in))
    ### END SOLUTION
""",
    "ex_fixed_init",
)

code(r"""
checks.fixed_initializer(fixed_init)
""")

md(r"""
**Exercise 5 (think).**

(a) Why does zero initialization of *all* weights fail, while zero initialization of the *output layer's*
weights alone (with random hidden weights) does not stop training?

<details><summary>Model answer</summary>

With all weights zero, every hidden unit computes the same function and gets the same gradient (section 2),
and with zero outgoing weights the hidden units even get zero gradient: nothing moves but the output biases.
With random hidden weights the hidden units already differ; the output weights get the gradient
$\delta_\text{out} h^\top$, which is nonzero and different for each hidden unit, so after one step the
output weights differ and the hidden layers start receiving gradients too.
</details>

(b) The scale explorer shows that for tanh, a large weight scale does not make the activations explode.
What does it do instead, and what happens to learning?

<details><summary>Model answer</summary>

tanh is bounded, so the activations cannot exceed 1: the units saturate at ±1, where the slope φ' is
nearly 0. Saturated units pass almost no gradient through their own slope, yet the large weights multiply
the gradient that does pass, so the backward signal becomes erratic and grows towards the input. The
network cannot learn smoothly: saturated units barely change and the first layers get huge steps.
</details>

(c) Batch normalization makes a layer's output independent of the scale of its weights $W$ (with
ε → 0). What does that imply for the gradient with respect to $W$, and for weight decay on a
batch-normalized layer?

<details><summary>Model answer</summary>

If $u(cW) = u(W)$ for all $c > 0$, the loss is constant along the ray $cW$, so the gradient is orthogonal to
$W$ ($\nabla L \cdot W = 0$) and scales like $1/c$. Weight decay then changes only the norm of $W$, not the
function, but a smaller norm makes the gradient larger: weight decay on a batch-normalized layer acts like
a larger effective learning rate, not like a regularizer of the function.
</details>

## Summary

* Random weights break the symmetry between units; biases can be constants.
* Var(Σ w x) = n Var(w) Var(x) gives LeCun (1/fan_in), Glorot (2/(fan_in + fan_out), the bound
  √6/√(m+n), not the notes' 6/√(m+n)) and He (2/fan_in for ReLU); measure, do not trust: look at per-layer
  statistics on one minibatch, and let LSUV rescale.
* Orthogonal weights keep every singular value of a deep linear map at 1; Gaussian ones only on average.
* Repeated multiplication W^t = V diag(λ)^t V⁻¹ makes signals and gradients vanish or explode unless
  |λ| = 1; where it explodes locally, the loss has cliffs, and clipping the gradient's norm keeps the step.
* Batch normalization, ReLUs and skip connections make deep networks easier to optimize; continuation and
  curricula make the objective easier first and harder later.

## References

* I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, MIT Press 2016, sections 8.2.4-8.2.5, 8.4, 8.7.1, 8.7.4-8.7.6, 10.7, 10.11.1.
* Y. LeCun, L. Bottou, G. Orr, K.-R. Müller, "Efficient BackProp", in *Neural Networks: Tricks of the Trade*, 1998.
* X. Glorot, Y. Bengio, "Understanding the difficulty of training deep feedforward neural networks", AISTATS 2010.
* K. He, X. Zhang, S. Ren, J. Sun, "Delving deep into rectifiers", ICCV 2015.
* A. Saxe, J. McClelland, S. Ganguli, "Exact solutions to the nonlinear dynamics of learning in deep linear neural networks", arXiv:1312.6120, 2013.
* J. Martens, "Deep learning via Hessian-free optimization", ICML 2010.
* D. Mishkin, J. Matas, "All you need is a good init", ICLR 2016.
* R. Pascanu, T. Mikolov, Y. Bengio, "On the difficulty of training recurrent neural networks", ICML 2013.
* S. Ioffe, C. Szegedy, "Batch normalization", ICML 2015.
* S. Santurkar, D. Tsipras, A. Ilyas, A. Madry, "How does batch normalization help optimization?", NeurIPS 2018.
* R. Jozefowicz, W. Zaremba, I. Sutskever, "An empirical exploration of recurrent network architectures", ICML 2015.
* Y. Bengio, J. Louradour, R. Collobert, J. Weston, "Curriculum learning", ICML 2009.
* H. Mobahi, J. Fisher, "On the link between Gaussian homotopy continuation and convex envelopes", EMMCVPR 2015.
""")


def _lines(text):
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + [lines[-1]]


for cell in CELLS:
    cell["source"] = _lines(cell["source"])
nb = {
    "cells": CELLS,
    "metadata": {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python", "version": "3.11"},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}
sys.path.insert(0, str(Path(__file__).resolve().parent))
from slides import split_tall  # noqa: E402 -- text cells of a slide each (res/slides.py)
from student import prepare  # noqa: E402 -- the grading metadata (res/student.py)

nb = split_tall(prepare(nb))
out = Path(__file__).resolve().parent.parent / "notebooks" / "07_initialization.ipynb"
out.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
