/**
 * Charts draw one per task, newest request per chart only: a results update (or a slider drag's many) then
 * never holds the main thread for the whole set of charts at once, and a chart asked to redraw twice before
 * its turn draws once.
 */
const queue = new Map<object, () => void>();
let scheduled = false;

function next(): void {
  const first = queue.entries().next();
  if (first.done) {
    scheduled = false;
    return;
  }
  const [key, draw] = first.value;
  queue.delete(key);
  draw();
  setTimeout(next, 0);
}

export function drawSoon(key: object, draw: () => void): void {
  queue.delete(key); // the latest request goes to the back of the queue
  queue.set(key, draw);
  if (!scheduled) {
    scheduled = true;
    setTimeout(next, 0);
  }
}
