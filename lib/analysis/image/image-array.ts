/**
 * A 2D image as blissdata and Lima give it: a flat typed array in row-major (C) order and its shape
 * [height, width]. Pixel (row, col) is data[row * width + col]; plots draw pixel centres at integer
 * coordinates (col, row), each pixel covering ±0.5 around its centre.
 */
export interface ImageArray {
  data: ArrayLike<number>;
  /** [height, width], as a stream's `shape` for one frame. */
  shape: readonly [number, number];
}

/** Checks the shape against the data; throws a specific error for a mismatch. */
export function imageSize(image: ImageArray): { height: number; width: number } {
  const [height, width] = image.shape;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 0 || width < 0) {
    throw new Error(`image shape must be two non-negative integers, got [${image.shape.join(', ')}]`);
  }
  if (image.data.length < height * width) {
    throw new Error(`image of shape [${height}, ${width}] needs ${height * width} values, has ${image.data.length}`);
  }
  return { height, width };
}
