/**
 * Ports for the servers a test starts of its own. Fixed numbers fail (or hang) whenever another
 * program holds them: take one the kernel says is free instead.
 */
import net from "node:net";

/** A TCP port on 127.0.0.1 free at the moment of the call (listen on port 0, read it, close). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
