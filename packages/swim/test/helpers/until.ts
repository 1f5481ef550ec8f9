/**
 * Wait on real time for `pred`, polling once per I/O turn; reject after `deadlineMs`. For
 * real-socket and interop tests only (simulations advance a VirtualClock instead).
 */
export async function until(
  pred: () => boolean,
  deadlineMs: number,
  what = pred.toString().slice(0, 100),
): Promise<void> {
  const start = performance.now();
  while (!pred()) {
    if (performance.now() - start > deadlineMs)
      throw new Error(`condition ${what} not met within ${deadlineMs} ms`);
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
  }
}
