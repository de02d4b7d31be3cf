// needs Node >= 22 (undici 8 inside dev-env 0.6.7): `make pds` installs it with Node 24
const { TestNetworkNoAppView } = require('@atproto/dev-env')
;(async () => {
  const port = parseInt(process.argv[2] || '2583')
  const net = await TestNetworkNoAppView.create({ pds: { port } })
  console.log(JSON.stringify({ pds: net.pds.url, plc: net.plc.url }))
  process.on('SIGTERM', async () => { await net.close(); process.exit(0) })
})().catch((e) => { console.error(e); process.exit(1) })
