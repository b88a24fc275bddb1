#!/usr/bin/env python3
"""Reference values for BoundedGaussianRdpTest and StandardNormalTest.

Writes bounded_gaussian_rdp.csv and standard_normal.csv next to this file. Two columns per RDP row:
`exact` evaluates the formulas of facebookresearch/bounded_gaussian_mechanism @ 703f492,
dp/utils/bounded_noise_rdp.py, in mpmath at 80 digits (each CDF difference taken on the side of 0
where it does not cancel); `official` runs that file's own numpy/scipy functions (including np.nan_to_num and the clip at
1e-20), imported from a checkout of the official repository, so a test can see where the
double-precision original and the exact value part ways. Run:
PYTHONPATH=/path/to/bounded_gaussian_mechanism python3 bounded_gaussian_reference.py (scipy, mpmath).
"""
import csv, os
import numpy as np
import mpmath as mp
from scipy.stats import norm

mp.mp.dps = 80
HERE = os.path.dirname(os.path.abspath(__file__))

# ---- the official code's own double-precision functions, for the `official` column. They are not
# copied here (the repository is CC-BY-NC): put a checkout of facebookresearch/bounded_gaussian_mechanism
# at commit 703f492 on PYTHONPATH and they are imported from dp/utils/bounded_noise_rdp.py.
from dp.utils.bounded_noise_rdp import (  # noqa: E402
    _compute_rdp_rn_no_subsampling_exact_left_to_right,
    _compute_rdp_rn_no_subsampling_exact_right_to_left,
    _compute_rdp_tn_no_subsampling_exact_left_to_right,
    _compute_rdp_tn_no_subsampling_exact_right_to_left,
)

# ---- the same formulas in mpmath
def Phi(x): return mp.ncdf(x)
def mass(lo, hi):  # Phi(hi) - Phi(lo), on the side without cancellation
    return Phi(-lo) - Phi(-hi) if lo > 0 else Phi(hi) - Phi(lo)
def rn_ltr(al,a,c,mu,s):
    al,a,c,mu,s = map(mp.mpf,(al,a,c,mu,s))
    r = mp.exp((al**2-al)*mu**2/(2*s**2)) * mass((-a-c-(1-al)*mu)/s, (a-c-(1-al)*mu)/s)
    r += (Phi((-a-c)/s)/Phi((-a-c-mu)/s))**al * Phi((-a-c-mu)/s)
    r += (Phi((c-a)/s)/Phi((c+mu-a)/s))**al * Phi((c+mu-a)/s)
    return mp.log(r)/(al-1)
def rn_rtl(al,a,c,mu,s):
    al,a,c,mu,s = map(mp.mpf,(al,a,c,mu,s))
    r = mp.exp((al**2-al)*mu**2/(2*s**2)) * mass((-a-c-al*mu)/s, (a-c-al*mu)/s)
    r += Phi((-a-c)/s) * (Phi((-a-c-mu)/s)/Phi((-a-c)/s))**al
    r += Phi((c-a)/s) * (Phi((c+mu-a)/s)/Phi((c-a)/s))**al
    return mp.log(r)/(al-1)
def logZ(a,m,s): return mp.log(mass((-a-m)/s, (a-m)/s))
def tn_ltr(al,a,c,mu,s):
    al,a,c,mu,s = map(mp.mpf,(al,a,c,mu,s))
    return al*mu**2/(2*s**2) + logZ(a,c+mu,s) - logZ(a,c,s) + (logZ(a,c+(1-al)*mu,s) - logZ(a,c,s))/(al-1)
def tn_rtl(al,a,c,mu,s):
    al,a,c,mu,s = map(mp.mpf,(al,a,c,mu,s))
    return al*mu**2/(2*s**2) - logZ(a,c+mu,s) + logZ(a,c,s) + (logZ(a,c+al*mu,s) - logZ(a,c+mu,s))/(al-1)

def rdp_rows():
    rows = []
    for al in [1.1, 1.5, 2.0, 3.7, 8.0, 32.0, 63.0]:
        for mu, s in [(0.002, 4.0), (0.01, 2.0), (0.5, 2.0), (1.0, 1.0)]:
            for a in [1.0, 6.0, 32.0]:
                for c in [-50.0, -12.0, -6.5, -1.0, 0.0, 0.3, 5.9, 8.0, 14.0, 40.0]:
                    with np.errstate(all='ignore'):
                        orn = max(float(_compute_rdp_rn_no_subsampling_exact_left_to_right(al,a,c,mu,s)),
                                  float(_compute_rdp_rn_no_subsampling_exact_right_to_left(al,a,c,mu,s)))
                        otn = max(float(_compute_rdp_tn_no_subsampling_exact_left_to_right(al,a,c,mu,s)),
                                  float(_compute_rdp_tn_no_subsampling_exact_right_to_left(al,a,c,mu,s)))
                    ern = max(rn_ltr(al,a,c,mu,s), rn_rtl(al,a,c,mu,s))
                    etn = max(tn_ltr(al,a,c,mu,s), tn_rtl(al,a,c,mu,s))
                    rows.append(('rectified', al, a, c, mu, s, mp.nstr(ern, 20), repr(orn)))
                    rows.append(('truncated', al, a, c, mu, s, mp.nstr(etn, 20), repr(otn)))
    return rows

def normal_rows():
    rows = []
    for x in [-1e4, -1000.0, -200.0, -40.0, -38.5, -27.0, -20.0, -10.0, -5.0, -3.0, -1.0, -0.6, -0.5, -0.1,
              -1e-8, 0.0, 1e-8, 0.1, 0.5, 0.6, 1.0, 3.0, 5.0, 8.5, 10.0, 30.0]:
        rows.append(('logcdf', x, '', mp.nstr(mp.log1p(-Phi(-x)) if x > 0 else mp.log(Phi(x)), 20)))
        rows.append(('cdf', x, '', mp.nstr(Phi(x), 20)))
    for x in [0.0, 0.3, 0.46875, 0.5, 1.0, 2.0, 3.9, 4.1, 10.0, 26.0, 100.0, 1e5]:
        rows.append(('erfcx', x, '', mp.nstr(mp.exp(mp.mpf(x)**2) * mp.erfc(x), 20)))
    for x in [-3.0, -0.2, 0.0, 0.2, 0.46875, 0.47, 1.0, 3.0, 5.0, 20.0, 27.0]:
        rows.append(('erfc', x, '', mp.nstr(mp.erfc(x), 20)))
    for lo, hi in [(-60.0, -50.0), (-40.0, -39.999), (50.0, 60.0), (8.0, 9.0), (-1e-9, 1e-9), (-0.005, 0.005),
                   (-3.0, 2.0), (-1.0, 30.0), (2.0, 2.0000001), (-12.5, -3.25)]:
        rows.append(('logdiff', lo, hi, mp.nstr(mp.log(mass(mp.mpf(lo), mp.mpf(hi))), 20)))
    for lp in [-1e5, -5000.0, -745.0, -100.0, -20.0, -3.8, -3.7, -1.0, -0.7]:
        # the x <= 0 with log Phi(x) = lp
        x = mp.findroot(lambda t: mp.log(Phi(t)) - lp, -mp.sqrt(-2 * lp) if lp < -1 else -0.1)
        rows.append(('invlogcdf', lp, '', mp.nstr(x, 20)))
    return rows

with open(os.path.join(HERE, 'bounded_gaussian_rdp.csv'), 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['kind', 'alpha', 'a', 'c', 'mu', 's', 'exact', 'official'])
    w.writerows(rdp_rows())
with open(os.path.join(HERE, 'standard_normal.csv'), 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['fn', 'x', 'y', 'value'])
    w.writerows(normal_rows())
