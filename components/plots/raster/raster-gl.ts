'use client';
/**
 * The raster's pixels drawn by WebGL 2, the same two steps as the canvas path (raster-view.tsx) so that
 * both give the same pixels:
 * 1. the frame's values go into a texture as they are (u8/u16/i16/u32/i32 as integer textures, f32 as a
 *    float texture; f64 and 64-bit integers converted to f32), and a shader maps each through min/max
 *    (log10 in log mode) to a colormap index and looks it up in a 256×1 colour texture, with silx's
 *    rules as `renderImage` has them (`scaleOf` gives both paths the same range), into a colour texture
 *    of the frame's size: only when the frame or the colour settings change;
 * 2. that colour texture is drawn with the axis transform onto the display canvas, nearest-neighbour
 *    when magnifying and bilinear when shrinking (the canvas path's `imageSmoothingEnabled` rule): on
 *    every zoom, pan or resize, without touching the values again.
 * The CPU then only hands the values over (one copy into the texture), instead of a colour lookup per
 * pixel, `putImageData` and a scaled `drawImage`.
 */
import type { NumericArray } from '@/lib/blissdata/dtype';
import { scaleOf } from '@/lib/plot-math/image-render';
import type { RasterImage, RasterStyle } from './raster-geometry';

type SamplerKind = 'u' | 'i' | 'f';

interface Upload {
  kind: SamplerKind;
  internal: number;
  format: number;
  type: number;
  pixels: ArrayBufferView;
}

const MAP_VERTEX = `#version 300 es
in vec2 a_uv;
void main() { gl_Position = vec4(a_uv * 2.0 - 1.0, 0.0, 1.0); }`;

/** Step 1: values -> colours, one fragment per pixel of the frame (texel (x, y) = data[y * width + x]). */
function mapFragment(kind: SamplerKind): string {
  const sampler = kind === 'u' ? 'usampler2D' : kind === 'i' ? 'isampler2D' : 'sampler2D';
  return `#version 300 es
precision highp float;
precision highp int;
uniform highp ${sampler} u_values;
uniform highp sampler2D u_lut;
uniform float u_lo;
uniform float u_hi;
uniform float u_scale;
uniform bool u_log;
uniform bool u_ok;
out vec4 colour;
vec4 lut(int k) { return texelFetch(u_lut, ivec2(k, 0), 0); }
void main() {
  if (!u_ok) { colour = vec4(0.0); return; }
  float v = float(texelFetch(u_values, ivec2(gl_FragCoord.xy), 0).r);
  float nv = v;
  if (u_log) {
    // log10(0) = -Infinity: the first colour; negative values are invalid, like NaN.
    if (v == 0.0) { colour = lut(0); return; }
    if (!(v > 0.0)) { colour = vec4(0.0); return; }
    nv = log2(v) * 0.30102999566398120;
  }
  if (isnan(nv)) { colour = vec4(0.0); return; }
  int k;
  if (nv <= u_lo) k = 0;
  else if (nv >= u_hi) k = 255;
  else k = min(255, int(floor((nv - u_lo) * u_scale)));
  colour = lut(k);
}`;
}

const BLIT_VERTEX = `#version 300 es
in vec2 a_uv;
uniform vec2 u_image;
uniform vec4 u_transform;
uniform vec2 u_canvas;
out vec2 v_uv;
void main() {
  vec2 px = u_transform.zw + a_uv * u_image * u_transform.xy;
  gl_Position = vec4(px.x / u_canvas.x * 2.0 - 1.0, 1.0 - px.y / u_canvas.y * 2.0, 0.0, 1.0);
  v_uv = a_uv;
}`;

/** Step 2: the colour texture onto the display, premultiplied as the canvas expects. */
const BLIT_FRAGMENT = `#version 300 es
precision highp float;
uniform sampler2D u_colour;
in vec2 v_uv;
out vec4 colour;
void main() {
  vec4 c = texture(u_colour, v_uv);
  colour = vec4(c.rgb * c.a, c.a);
}`;

export class RasterGlError extends Error {}

let softwareProbe: boolean | null = null;

/**
 * Whether this browser's WebGL runs on the CPU (SwiftShader, llvmpipe...), probed once on a canvas of
 * its own (a canvas that had a WebGL context cannot draw 2D afterwards). Chromium gives SwiftShader even
 * to `failIfMajorPerformanceCaveat`, so the renderer's name is what tells.
 */
function softwareWebGl(): boolean {
  if (softwareProbe !== null) return softwareProbe;
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return (softwareProbe = false);
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return (softwareProbe = /swiftshader|llvmpipe|softpipe|software/i.test(renderer));
}

function compile(gl: WebGL2RenderingContext, vertex: string, fragment: string): WebGLProgram {
  const program = gl.createProgram();
  for (const [type, text] of [
    [gl.VERTEX_SHADER, vertex],
    [gl.FRAGMENT_SHADER, fragment],
  ] as const) {
    const shader = gl.createShader(type);
    if (!shader) throw new RasterGlError('WebGL could not create a shader');
    gl.shaderSource(shader, text);
    gl.compileShader(shader);
    if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS) && !gl.isContextLost()) throw new RasterGlError(`WebGL shader: ${gl.getShaderInfoLog(shader) ?? 'does not compile'}`);
    gl.attachShader(program, shader);
  }
  gl.bindAttribLocation(program, 0, 'a_uv');
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS) && !gl.isContextLost()) throw new RasterGlError(`WebGL program: ${gl.getProgramInfoLog(program) ?? 'does not link'}`);
  return program;
}

/** How a typed array goes into a one-channel texture (values unchanged, except 64-bit ones to f32). */
function uploadOf(gl: WebGL2RenderingContext, data: NumericArray | Float64Array, count: number): Upload {
  if (data.length >= count) {
    if (data instanceof Uint16Array) return { kind: 'u', internal: gl.R16UI, format: gl.RED_INTEGER, type: gl.UNSIGNED_SHORT, pixels: data };
    if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) return { kind: 'u', internal: gl.R8UI, format: gl.RED_INTEGER, type: gl.UNSIGNED_BYTE, pixels: new Uint8Array(data.buffer, data.byteOffset, data.length) };
    if (data instanceof Int16Array) return { kind: 'i', internal: gl.R16I, format: gl.RED_INTEGER, type: gl.SHORT, pixels: data };
    if (data instanceof Int8Array) return { kind: 'i', internal: gl.R8I, format: gl.RED_INTEGER, type: gl.BYTE, pixels: data };
    if (data instanceof Uint32Array) return { kind: 'u', internal: gl.R32UI, format: gl.RED_INTEGER, type: gl.UNSIGNED_INT, pixels: data };
    if (data instanceof Int32Array) return { kind: 'i', internal: gl.R32I, format: gl.RED_INTEGER, type: gl.INT, pixels: data };
    if (data instanceof Float32Array) return { kind: 'f', internal: gl.R32F, format: gl.RED, type: gl.FLOAT, pixels: data };
  }
  // f64, 64-bit integers, or fewer values than pixels (a mesh still filling: the rest is NaN, transparent).
  const out = new Float32Array(count).fill(NaN);
  const n = Math.min(count, data.length);
  for (let i = 0; i < n; i++) out[i] = Number(data[i]!);
  return { kind: 'f', internal: gl.R32F, format: gl.RED, type: gl.FLOAT, pixels: out };
}

export class GlRaster {
  private readonly programs = new Map<SamplerKind, WebGLProgram>();
  private readonly blitProgram: WebGLProgram;
  private readonly quad: WebGLVertexArrayObject;
  private readonly values: WebGLTexture;
  private readonly colours: WebGLTexture;
  private readonly lutTexture: WebGLTexture;
  private readonly framebuffer: WebGLFramebuffer;
  private lutOf: Uint8Array | null = null;
  private colourSize = { width: 0, height: 0 };
  /** Size of the frame in the colour texture; null before the first (the display is then left blank). */
  private shown: { width: number; height: number } | null = null;
  readonly maxSize: number;

  /**
   * WebGL 2 on `canvas`, or null where there is none (the canvas path then draws); `software`: also a
   * WebGL the browser runs on the CPU (otherwise refused, see raster-backend.ts).
   */
  static create(canvas: HTMLCanvasElement, software = false): GlRaster | null {
    if (!software && softwareWebGl()) return null;
    // preserveDrawingBuffer: the PNG export and screenshots read the canvas after it was composited.
    const gl = canvas.getContext('webgl2', { alpha: true, premultipliedAlpha: true, antialias: false, depth: false, stencil: false, preserveDrawingBuffer: true });
    if (!gl) return null;
    try {
      return new GlRaster(gl);
    } catch (error) {
      console.warn('WebGL image drawing unavailable, drawing on a 2D canvas instead:', (error as Error).message);
      return null;
    }
  }

  private constructor(readonly gl: WebGL2RenderingContext) {
    this.maxSize = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
    this.blitProgram = compile(gl, BLIT_VERTEX, BLIT_FRAGMENT);
    const quad = gl.createVertexArray();
    gl.bindVertexArray(quad);
    const buffer = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]), gl.STATIC_DRAW);
    gl.enableVertexAttribArray(0);
    gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
    gl.bindVertexArray(null);
    this.quad = quad;
    const texture = (filter: number) => {
      const t = gl.createTexture();
      gl.bindTexture(gl.TEXTURE_2D, t);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, filter);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, filter);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
      return t;
    };
    // Integer textures cannot be filtered: values are fetched texel by texel anyway.
    this.values = texture(gl.NEAREST);
    this.lutTexture = texture(gl.NEAREST);
    this.colours = texture(gl.NEAREST);
    this.framebuffer = gl.createFramebuffer();
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
  }

  private program(kind: SamplerKind): WebGLProgram {
    let p = this.programs.get(kind);
    if (!p) this.programs.set(kind, (p = compile(this.gl, MAP_VERTEX, mapFragment(kind))));
    return p;
  }

  /** Whether a frame of this size fits in a texture here. */
  fits(width: number, height: number): boolean {
    return width >= 1 && height >= 1 && width <= this.maxSize && height <= this.maxSize;
  }

  /** Step 1: the frame's colours (see the file's comment); false when the range cannot be rendered (blank, as silx refuses it). */
  render(image: RasterImage, style: RasterStyle): boolean {
    const gl = this.gl;
    const { width, height } = image;
    if (!this.fits(width, height)) throw new RasterGlError(`a ${width}×${height} frame exceeds this GPU's ${this.maxSize}-pixel textures`);
    const s = scaleOf(style);
    const up = uploadOf(gl, image.data, width * height);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.values);
    gl.texImage2D(gl.TEXTURE_2D, 0, up.internal, width, height, 0, up.format, up.type, up.pixels);
    gl.activeTexture(gl.TEXTURE1);
    gl.bindTexture(gl.TEXTURE_2D, this.lutTexture);
    if (this.lutOf !== style.lut) {
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, 256, 1, 0, gl.RGBA, gl.UNSIGNED_BYTE, style.lut.subarray(0, 1024));
      this.lutOf = style.lut;
    }
    gl.activeTexture(gl.TEXTURE2);
    gl.bindTexture(gl.TEXTURE_2D, this.colours);
    if (this.colourSize.width !== width || this.colourSize.height !== height) {
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, width, height, 0, gl.RGBA, gl.UNSIGNED_BYTE, null);
      this.colourSize = { width, height };
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.framebuffer);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, this.colours, 0);
    gl.viewport(0, 0, width, height);
    const p = this.program(up.kind);
    gl.useProgram(p);
    gl.uniform1i(gl.getUniformLocation(p, 'u_values'), 0);
    gl.uniform1i(gl.getUniformLocation(p, 'u_lut'), 1);
    gl.uniform1i(gl.getUniformLocation(p, 'u_ok'), s ? 1 : 0);
    gl.uniform1i(gl.getUniformLocation(p, 'u_log'), s?.log ? 1 : 0);
    gl.uniform1f(gl.getUniformLocation(p, 'u_lo'), s?.lo ?? 0);
    gl.uniform1f(gl.getUniformLocation(p, 'u_hi'), s?.hi ?? 0);
    gl.uniform1f(gl.getUniformLocation(p, 'u_scale'), s?.scale ?? 0);
    gl.disable(gl.BLEND);
    gl.bindVertexArray(this.quad);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    this.shown = { width, height };
    return s !== null;
  }

  /** Forgets the frame: the next draw leaves the display blank. */
  clear(): void {
    this.shown = null;
  }

  /**
   * Step 2: the display (w × h device pixels) cleared, then the frame drawn with the canvas transform
   * `setTransform(t.scaleX, 0, 0, t.scaleY, t.x, t.y)` of its held pixels.
   */
  draw(w: number, h: number, t: { scaleX: number; scaleY: number; x: number; y: number } | null, smooth: boolean): void {
    const gl = this.gl;
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.viewport(0, 0, w, h);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    const img = this.shown;
    if (!img || !t) return;
    const p = this.blitProgram;
    gl.useProgram(p);
    gl.activeTexture(gl.TEXTURE2);
    gl.bindTexture(gl.TEXTURE_2D, this.colours);
    const filter = smooth ? gl.LINEAR : gl.NEAREST;
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, filter);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, filter);
    gl.uniform1i(gl.getUniformLocation(p, 'u_colour'), 2);
    gl.uniform2f(gl.getUniformLocation(p, 'u_image'), img.width, img.height);
    gl.uniform4f(gl.getUniformLocation(p, 'u_transform'), t.scaleX, t.scaleY, t.x, t.y);
    gl.uniform2f(gl.getUniformLocation(p, 'u_canvas'), w, h);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.bindVertexArray(this.quad);
    gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
  }
}
