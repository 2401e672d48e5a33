/** PCM16 samples as floats in [-1, 1), the form the resampler works in. */
export function int16ToFloat32(samples: Int16Array): Float32Array {
  const floats = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) floats[i] = (samples[i] ?? 0) / 32_768;
  return floats;
}

/** Floats in [-1, 1] as PCM16 little-endian bytes; resampling can overshoot slightly, so values are clamped. */
export function float32ToPcm16le(samples: Float32Array): Buffer {
  const bytes = Buffer.alloc(samples.length * 2);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < samples.length; i++) {
    const value = Math.round((samples[i] ?? 0) * 32_768);
    view.setInt16(i * 2, Math.max(-32_768, Math.min(32_767, value)), true);
  }
  return bytes;
}
