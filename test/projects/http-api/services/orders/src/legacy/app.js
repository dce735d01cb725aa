import axios from 'axios';
import express from 'express';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const app = express();
app.use(express.json());

// invoices written by the billing job
app.get('/legacy/files/:name', async (req, res) => {
  const file = path.join(process.env.FILES_DIR, req.params.name);
  res.type('application/pdf').send(await readFile(file)); // expect: input/path-traversal
});

// a pass-through to a partner's API, kept for old clients
app.get('/legacy/proxy', async (req, res) => {
  const upstream = await axios.get(req.query.target); // expect: input/ssrf
  res.json(upstream.data);
});

const Rename = z.object({ name: z.string().regex(/^[\w -]{1,40}$/) });

app.post('/legacy/files/:id/rename', async (req, res) => {
  const { name } = Rename.parse(req.body);
  res.json({ id: Number(req.params.id), name });
});
