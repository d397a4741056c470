/**
 * What Python and torch read from the environment to find their packages and accelerators, passed on by
 * name on top of the base allowlist (process/childEnv.ts). Shared by the bridge (which also sets PYTHONPATH)
 * and the `--version` probe, so a candidate is judged in the environment it will later run in.
 */
export const PYTHON_ENV_INHERIT: readonly string[] = [
  'PYTHONHOME',
  'PYTHONIOENCODING',
  'PYTHONUTF8',
  'VIRTUAL_ENV',
  'CONDA_*',
  'LD_LIBRARY_PATH',
  'DYLD_LIBRARY_PATH',
  'DYLD_FALLBACK_LIBRARY_PATH',
  'CUDA_*',
  'NVIDIA_*',
  'CUDNN_*',
  'NCCL_*',
  'HIP_*',
  'ROCM_*',
  'ROCR_*',
  'HSA_*',
  'PYTORCH_*',
  'TORCH_*',
  'OMP_NUM_THREADS',
  'MKL_*',
];
