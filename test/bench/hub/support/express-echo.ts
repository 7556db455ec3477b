/**
 * The floor for the Slack acknowledgement bench: a bare express app in its own process (as the
 * hub is), parsing the same form-encoded body Slack sends and answering 200 at once. What the hub
 * adds on top — signature check, Bolt, the handler's claim and dispatch — is the ratio.
 * Listens on 127.0.0.1:$PORT and prints `listening` when it does.
 */
import express from 'express';

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0) {
  console.error('express-echo: set PORT to the port to listen on');
  process.exit(2);
}
const app = express();
app.post('/slack/events', express.urlencoded({ extended: false }), (req, res) => {
  res.status(200).json({ ok: true, got: Object.keys(req.body as object).length });
});
app.listen(port, '127.0.0.1', () => console.log('listening'));
