export default async function globalTeardown() {
  await globalThis.ubTestDatabase?.stop();
}
