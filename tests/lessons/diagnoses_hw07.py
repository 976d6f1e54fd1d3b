"""hw07: each modelled mistake written the ways learners write it, and correct code written otherwise."""
# Left out: runtime-error explanations (autograder/explain.py): train_model is graded with the reference CsvDataset,
# make_loader and train_epoch, so a shape or dtype slip in those parts never reaches its training run.
from tests.lessons.lesson_cases import Case, Variant

INIT = (
    '        xy = np.genfromtxt(path, delimiter=",", skip_header=1, dtype=np.float64, ndmin=2)\n'
    "        x = xy[:, :-1]\n"
    "        means = np.nanmean(x, axis=0)\n"
    "        x = np.where(np.isnan(x), means, x)\n"
    "        self.x = torch.tensor(x, dtype=torch.float32)\n"
    "        self.y = torch.tensor(xy[:, [-1]], dtype=torch.float32)\n"
    "        self.len = xy.shape[0]\n"
)
READ = 'xy = np.genfromtxt(path, delimiter=",", skip_header=1, dtype=np.float64, ndmin=2)'
FILL = "        means = np.nanmean(x, axis=0)\n        x = np.where(np.isnan(x), means, x)\n"
TENSORS = ("        self.x = torch.tensor(x, dtype=torch.float32)\n"
           "        self.y = torch.tensor(xy[:, [-1]], dtype=torch.float32)\n")
GETITEM = "        return self.x[index], self.y[index]"
LEN = "        return self.len"
LOADER = "    return DataLoader(dataset, batch_size=batch_size, shuffle=True, num_workers=num_workers)"
EPOCH = (
    "    total, count = 0.0, 0\n"
    "    for x, y in loader:\n"
    "        loss = loss_fn(model(x), y)\n"
    "        optimizer.zero_grad()\n"
    "        loss.backward()\n"
    "        optimizer.step()\n"
    "        total += loss.item() * len(x)\n"
    "        count += len(x)\n"
    "    return total / count\n"
)
TRAIN = (
    "    dataset = CsvDataset(path)\n"
    "    loader = make_loader(dataset, batch_size)\n"
    "    model = Model(dataset[0][0].shape[0])\n"
    "    loss_fn = nn.BCELoss()\n"
    "    optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
    "    losses = []\n"
    "    for epoch in range(epochs):\n"
    "        losses.append(train_epoch(model, loader, loss_fn, optimizer))\n"
    "    return model, losses\n"
)
HEAD = "    dataset = CsvDataset(path)\n    loader = make_loader(dataset, batch_size)\n"
LOOP = "    for epoch in range(epochs):\n        losses.append(train_epoch(model, loader, loss_fn, optimizer))\n"
SIGNATURE = "def train_model(path, epochs=50, batch_size=32, lr=1.0):"
# the loop of train_model written out inline, the way the lecture writes it; {zero} is the zero_grad line
INLINE = (
    "    dataset = CsvDataset(path)\n"
    "    train_loader = DataLoader(dataset=dataset, batch_size=batch_size, shuffle=True)\n"
    "    model = Model(dataset[0][0].shape[0])\n"
    "    criterion = nn.BCELoss()\n"
    "    optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
    "{before}"
    "    losses = []\n"
    "    for epoch in range(epochs):\n"
    "        epoch_loss = 0.0\n"
    "        for i, (inputs, labels) in enumerate(train_loader, 0):\n"
    "            y_pred = model(inputs)\n"
    "            loss = criterion(y_pred, labels)\n"
    "{zero}"
    "            loss.backward()\n"
    "            optimizer.step()\n"
    "            epoch_loss += loss.item() * len(inputs)\n"
    "        losses.append(epoch_loss / len(dataset))\n"
    "    return model, losses\n"
)


def inline(zero="            optimizer.zero_grad()\n", before=""):
    return INLINE.format(zero=zero, before=before)


CSV_READ = (
    "        with open(path) as f:\n"
    "            lines = f.read().splitlines(){skip}\n"
    "        rows = [[float(v) if v != '' else float('nan') for v in line.split(',')] for line in lines]\n"
    "        xy = np.array(rows)\n"
)

WRONG = [
    # CsvDataset: the file read again after __init__
    Case("__getitem__ parses its own line of the file (lazy loading)", INIT + "        ### END SOLUTION\n\n"
         "    def __getitem__(self, index):\n        ### BEGIN SOLUTION\n" + GETITEM,
         "        self.path = path\n" + INIT + "        ### END SOLUTION\n\n"
         "    def __getitem__(self, index):\n        ### BEGIN SOLUTION\n"
         "        with open(self.path) as f:\n"
         "            line = f.readlines()[index + 1].strip().split(',')\n"
         "        row = np.array([float(v) if v else np.nan for v in line])\n"
         "        row[:-1] = np.where(np.isnan(row[:-1]), self.x.numpy().mean(0), row[:-1])\n"
         "        return torch.tensor(row[:-1], dtype=torch.float32), torch.tensor(row[-1:], dtype=torch.float32)",
         "CsvDataset", "reads the file again"),
    Case("__len__ counts the lines of the file", INIT + "        ### END SOLUTION\n\n"
         "    def __getitem__(self, index):\n        ### BEGIN SOLUTION\n" + GETITEM + "\n        ### END SOLUTION\n\n"
         "    def __len__(self):\n        ### BEGIN SOLUTION\n" + LEN,
         "        self.path = path\n" + INIT + "        ### END SOLUTION\n\n"
         "    def __getitem__(self, index):\n        ### BEGIN SOLUTION\n" + GETITEM + "\n        ### END SOLUTION\n\n"
         "    def __len__(self):\n        ### BEGIN SOLUTION\n"
         "        return len(open(self.path).readlines()) - 1",
         "CsvDataset", "reads the file again"),
    Case("__getitem__ reads one row with genfromtxt's skip_header", INIT + "        ### END SOLUTION\n\n"
         "    def __getitem__(self, index):\n        ### BEGIN SOLUTION\n" + GETITEM,
         "        self.filepath = path\n" + INIT + "        ### END SOLUTION\n\n"
         "    def __getitem__(self, index):\n        ### BEGIN SOLUTION\n"
         "        row = np.genfromtxt(self.filepath, delimiter=',', skip_header=index + 1, max_rows=1)\n"
         "        return self.x[index], torch.tensor(row[-1:], dtype=torch.float32)",
         "CsvDataset", "reads the file again"),
    # the header read as a data row
    Case("the lecture's np.loadtxt call turned into genfromtxt, header kept", READ,
         "xy = np.genfromtxt(path, delimiter=',', dtype=np.float32)", "CsvDataset", "header"),
    Case("csv lines read without dropping the first", INIT, INIT.replace(
        '        xy = np.genfromtxt(path, delimiter=",", skip_header=1, dtype=np.float64, ndmin=2)\n',
        "        with open(path) as f:\n            lines = f.readlines()\n"
        "        xy = np.genfromtxt(path, delimiter=',', skip_header=1)\n").replace(
        "        self.len = xy.shape[0]\n", "        self.len = len(lines)\n"), "CsvDataset", "header"),
    Case("skip_header=0", READ, READ.replace("skip_header=1", "skip_header=0"), "CsvDataset", "header"),
    # one row short
    Case("len(xy) - 1 for the header", "        self.len = xy.shape[0]", "        self.len = len(xy) - 1",
         "CsvDataset", "one row short"),
    Case("__len__ subtracts the header", LEN, "        return len(self.x) - 1", "CsvDataset", "one row short"),
    Case("line count minus two (header and last line)", "        self.len = xy.shape[0]",
         "        self.len = len(open(path).readlines()) - 2", "CsvDataset", "one row short"),
    # the number of columns
    Case("len(xy[0])", "        self.len = xy.shape[0]", "        self.len = len(xy[0])", "CsvDataset",
         "number of columns"),
    Case("xy.shape[-1]", "        self.len = xy.shape[0]", "        self.len = xy.shape[-1]", "CsvDataset",
         "number of columns"),
    Case("__len__ returns the width of the table", INIT + "        ### END SOLUTION\n\n"
         "    def __getitem__(self, index):\n        ### BEGIN SOLUTION\n" + GETITEM + "\n        ### END SOLUTION\n\n"
         "    def __len__(self):\n        ### BEGIN SOLUTION\n" + LEN,
         INIT + "        self.xy = xy\n        ### END SOLUTION\n\n"
         "    def __getitem__(self, index):\n        ### BEGIN SOLUTION\n" + GETITEM + "\n        ### END SOLUTION\n\n"
         "    def __len__(self):\n        ### BEGIN SOLUTION\n        return self.xy.shape[1]",
         "CsvDataset", "number of columns"),
    # the label among the features
    Case("x = xy.copy()", "        x = xy[:, :-1]\n", "        x = xy.copy()\n", "CsvDataset",
         "label is still among the features"),
    Case("gaps filled over the whole table, x from all of it", INIT,
         '        xy = np.genfromtxt(path, delimiter=",", skip_header=1, dtype=np.float64, ndmin=2)\n'
         "        xy = np.where(np.isnan(xy), np.nanmean(xy, axis=0), xy)\n"
         "        self.x = torch.tensor(xy, dtype=torch.float32)\n"
         "        self.y = torch.tensor(xy[:, [-1]], dtype=torch.float32)\n"
         "        self.len = xy.shape[0]\n",
         "CsvDataset", "label is still among the features"),
    Case("x = xy[:, 0:] (meant 0:-1)", "        x = xy[:, :-1]\n", "        x = xy[:, 0:]\n", "CsvDataset",
         "label is still among the features"),
    # numpy items
    Case("numpy float32 arrays kept", TENSORS,
         "        self.x = x.astype(np.float32)\n        self.y = xy[:, [-1]].astype(np.float32)\n",
         "CsvDataset", "pair of tensors"),
    Case("np.array(..., dtype=np.float32)", TENSORS,
         "        self.x = np.array(x, dtype=np.float32)\n        self.y = np.array(xy[:, [-1]], dtype=np.float32)\n",
         "CsvDataset", "pair of tensors"),
    Case("__getitem__ slices the numpy table", INIT + "        ### END SOLUTION\n\n"
         "    def __getitem__(self, index):\n        ### BEGIN SOLUTION\n" + GETITEM,
         INIT + "        self.xy = np.concatenate([x, xy[:, [-1]]], axis=1).astype(np.float32)\n"
         "        ### END SOLUTION\n\n"
         "    def __getitem__(self, index):\n        ### BEGIN SOLUTION\n"
         "        return self.xy[index, :-1], self.xy[index, -1:]",
         "CsvDataset", "pair of tensors"),
    # y without its dimension
    Case("xy[:, -1]", "        self.y = torch.tensor(xy[:, [-1]], dtype=torch.float32)",
         "        self.y = torch.tensor(xy[:, -1], dtype=torch.float32)", "CsvDataset", "lost its dimension"),
    Case("from_numpy(xy[:, -1]).float()", "        self.y = torch.tensor(xy[:, [-1]], dtype=torch.float32)",
         "        self.y = torch.from_numpy(xy[:, -1]).float()", "CsvDataset", "lost its dimension"),
    Case("label squeezed in __getitem__", GETITEM, "        return self.x[index], self.y[index].squeeze()",
         "CsvDataset", "lost its dimension"),
    # float64
    Case("torch.tensor without a dtype", TENSORS,
         "        self.x = torch.tensor(x)\n        self.y = torch.tensor(xy[:, [-1]])\n", "CsvDataset", "float64"),
    Case("torch.as_tensor", TENSORS,
         "        self.x = torch.as_tensor(x)\n        self.y = torch.as_tensor(xy[:, -1:])\n", "CsvDataset", "float64"),
    Case("lecture's from_numpy on a float64 genfromtxt", TENSORS,
         "        self.x_data = torch.from_numpy(x)\n        self.y_data = torch.from_numpy(xy[:, [-1]])\n"
         "        self.x, self.y = self.x_data, self.y_data\n", "CsvDataset", "float64"),
    # NaN left in
    Case("np.mean instead of np.nanmean", "        means = np.nanmean(x, axis=0)\n",
         "        means = np.mean(x, axis=0)\n", "CsvDataset", "still nan"),
    Case("x == np.nan never true", "        x = np.where(np.isnan(x), means, x)\n",
         "        x = np.where(x == np.nan, means, x)\n", "CsvDataset", "still nan"),
    Case("torch mean over the column, nan included", FILL + TENSORS,
         "        self.x = torch.tensor(x, dtype=torch.float32)\n"
         "        for j in range(self.x.shape[1]):\n"
         "            col = self.x[:, j]\n"
         "            col[torch.isnan(col)] = col.mean()\n"
         "        self.y = torch.tensor(xy[:, [-1]], dtype=torch.float32)\n", "CsvDataset", "still nan"),
    # filled with 0
    Case("x[np.isnan(x)] = 0", FILL, "        x[np.isnan(x)] = 0\n", "CsvDataset", "filled with 0"),
    Case("torch.nan_to_num", FILL + TENSORS,
         "        self.x = torch.nan_to_num(torch.tensor(x, dtype=torch.float32))\n"
         "        self.y = torch.tensor(xy[:, [-1]], dtype=torch.float32)\n", "CsvDataset", "filled with 0"),
    Case("np.where(np.isnan(x), 0, x)", FILL, "        x = np.where(np.isnan(x), 0.0, x)\n", "CsvDataset",
         "filled with 0"),
    # one mean of the whole table
    Case("np.nanmean(x) without axis", "        means = np.nanmean(x, axis=0)\n", "        means = np.nanmean(x)\n",
         "CsvDataset", "one mean of the whole table"),
    Case("x[np.isnan(x)] = np.nanmean(x)", FILL, "        x[np.isnan(x)] = np.nanmean(x)\n", "CsvDataset",
         "one mean of the whole table"),
    Case("torch nanmean of the whole tensor", FILL + TENSORS,
         "        self.x = torch.tensor(x, dtype=torch.float32)\n"
         "        self.x[torch.isnan(self.x)] = self.x.nanmean()\n"
         "        self.y = torch.tensor(xy[:, [-1]], dtype=torch.float32)\n", "CsvDataset",
         "one mean of the whole table"),
    # make_loader
    Case("shuffle left out", LOADER, "    return DataLoader(dataset, batch_size=batch_size, num_workers=num_workers)",
         "make_loader", "shuffle=True"),
    Case("shuffle=False in the lecture's keyword style", LOADER,
         "    return DataLoader(dataset=dataset, batch_size=batch_size, shuffle=False, num_workers=num_workers)",
         "make_loader", "shuffle=True"),
    Case("a SequentialSampler", LOADER,
         "    from torch.utils.data import SequentialSampler\n"
         "    return DataLoader(dataset, batch_size=batch_size, sampler=SequentialSampler(dataset), "
         "num_workers=num_workers)", "make_loader", "shuffle=True"),
    Case("drop_last=True, positional style", LOADER,
         "    return DataLoader(dataset, batch_size, True, num_workers=num_workers, drop_last=True)",
         "make_loader", "drop_last"),
    Case("a BatchSampler that drops the last batch", LOADER,
         "    from torch.utils.data import BatchSampler, RandomSampler\n"
         "    sampler = BatchSampler(RandomSampler(dataset), batch_size=batch_size, drop_last=True)\n"
         "    return DataLoader(dataset, batch_sampler=sampler, num_workers=num_workers)", "make_loader", "drop_last"),
    Case("drop_last=True, keyword style", LOADER,
         "    loader = DataLoader(dataset=dataset, batch_size=batch_size, shuffle=True,\n"
         "                        num_workers=num_workers, drop_last=True)\n    return loader",
         "make_loader", "drop_last"),
    Case("iter(loader) after building it", LOADER,
         "    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True, num_workers=num_workers)\n"
         "    return iter(loader)", "make_loader", "iterator"),
    Case("a generator over the batches", LOADER,
         "    for batch in DataLoader(dataset, batch_size=batch_size, shuffle=True, num_workers=num_workers):\n"
         "        yield batch", "make_loader", "iterator"),
    Case("a generator expression", LOADER,
         "    return (batch for batch in DataLoader(dataset, batch_size=batch_size, shuffle=True, "
         "num_workers=num_workers))", "make_loader", "iterator"),
    Case("batch_size left out", LOADER, "    return DataLoader(dataset, shuffle=True, num_workers=num_workers)",
         "make_loader", "batch_size=batch_size"),
    Case("batch_size left out, keyword style", LOADER,
         "    return DataLoader(dataset=dataset, shuffle=True, num_workers=num_workers)",
         "make_loader", "batch_size=batch_size"),
    Case("batch_size left out, loader kept in a variable", LOADER,
         "    train_loader = DataLoader(dataset, shuffle=True, num_workers=num_workers)\n    return train_loader",
         "make_loader", "batch_size=batch_size"),
    Case("num_workers left out, keyword style", LOADER,
         "    return DataLoader(dataset=dataset, batch_size=batch_size, shuffle=True)", "make_loader", "num_workers"),
    Case("the lecture's num_workers=2", LOADER,
         "    return DataLoader(dataset=dataset, batch_size=batch_size, shuffle=True, num_workers=2)",
         "make_loader", "num_workers"),
    Case("num_workers=0 written out", LOADER,
         "    return DataLoader(dataset, batch_size=batch_size, shuffle=True, num_workers=0)", "make_loader",
         "num_workers"),
    # train_epoch
    Case("zero_grad once before the loop", EPOCH,
         "    total, count = 0.0, 0\n    optimizer.zero_grad()\n    for x, y in loader:\n"
         "        loss = loss_fn(model(x), y)\n        loss.backward()\n        optimizer.step()\n"
         "        total += loss.item() * len(x)\n        count += len(x)\n    return total / count\n",
         "train_epoch", "not cleared"),
    Case("optimizer.zero_grad without parentheses", "        optimizer.zero_grad()\n        loss.backward()\n",
         "        optimizer.zero_grad\n        loss.backward()\n", "train_epoch", "not cleared"),
    Case("the lecture's enumerate loop without zero_grad", EPOCH,
         "    running_loss, n = 0.0, 0\n    for i, data in enumerate(loader, 0):\n        inputs, labels = data\n"
         "        y_pred = model(inputs)\n        loss = loss_fn(y_pred, labels)\n        loss.backward()\n"
         "        optimizer.step()\n        running_loss += loss.item() * inputs.size(0)\n"
         "        n += inputs.size(0)\n    return running_loss / n\n", "train_epoch", "not cleared"),
    Case("total / len(loader)", EPOCH, EPOCH.replace("        total += loss.item() * len(x)\n        count += len(x)\n"
         "    return total / count\n", "        total += loss.item()\n    return total / len(loader)\n"),
         "train_epoch", "weight each batch"),
    Case("np.mean of a list of batch losses", EPOCH,
         "    batch_losses = []\n    for x, y in loader:\n        loss = loss_fn(model(x), y)\n"
         "        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n"
         "        batch_losses.append(loss.item())\n    return float(np.mean(batch_losses))\n",
         "train_epoch", "weight each batch"),
    Case("sum(...) / len(...) of batch losses", EPOCH,
         "    losses = []\n    for x, y in loader:\n        loss = loss_fn(model(x), y)\n"
         "        optimizer.zero_grad()\n        loss.backward()\n        optimizer.step()\n"
         "        losses.append(loss.item())\n    return sum(losses) / len(losses)\n",
         "train_epoch", "weight each batch"),
    Case("returns loss.item() after the loop", EPOCH,
         "    for x, y in loader:\n        loss = loss_fn(model(x), y)\n        optimizer.zero_grad()\n"
         "        loss.backward()\n        optimizer.step()\n    return loss.item()\n", "train_epoch", "last batch"),
    Case("lecture loop that prints and keeps the last loss", EPOCH,
         "    for i, (inputs, labels) in enumerate(loader, 0):\n        y_pred = model(inputs)\n"
         "        loss = loss_fn(y_pred, labels)\n        print(i, loss.item())\n        optimizer.zero_grad()\n"
         "        loss.backward()\n        optimizer.step()\n    return loss.item()\n", "train_epoch", "last batch"),
    Case("epoch_loss overwritten each batch", "        total += loss.item() * len(x)\n        count += len(x)\n"
         "    return total / count\n",
         "        epoch_loss = loss.item()\n    return epoch_loss\n", "train_epoch", "last batch"),
    Case("loss tensors summed", "        total += loss.item() * len(x)\n", "        total += loss * len(x)\n",
         "train_epoch", "python float"),
    Case("the lecture's loss.data summed", "        total += loss.item() * len(x)\n",
         "        total += loss.data * len(x)\n", "train_epoch", "python float"),
    Case("detached loss tensors summed", "        total += loss.item() * len(x)\n        count += len(x)\n",
         "        total += loss.detach() * x.size(0)\n        count += x.size(0)\n", "train_epoch", "python float"),
    # train_model: the notebook's file
    Case("path overwritten with CSV_PATH", "    dataset = CsvDataset(path)\n",
         "    path = CSV_PATH\n    dataset = CsvDataset(path)\n", "train_model", "CSV_PATH"),
    Case("the notebook's global dataset used", "    dataset = CsvDataset(path)\n", "", "train_model", "CSV_PATH"),
    Case("CsvDataset(path=CSV_PATH)", "    dataset = CsvDataset(path)\n", "    dataset = CsvDataset(path=CSV_PATH)\n",
         "train_model", "CSV_PATH"),
    # train_model: epochs of its own or a loss per batch
    Case("the lecture's range(100) with a print", LOOP,
         "    for epoch in range(100):\n        l = train_epoch(model, loader, loss_fn, optimizer)\n"
         "        print(epoch, l)\n        losses.append(l)\n", "train_model", "grader asked for"),
    Case("range(10) whatever it is given", LOOP, LOOP.replace("range(epochs)", "range(10)"), "train_model",
         "grader asked for"),
    Case("a loss appended per batch", TRAIN, inline().replace(
        "            epoch_loss += loss.item() * len(inputs)\n        losses.append(epoch_loss / len(dataset))\n",
        "            losses.append(loss.item())\n"), "train_model", "grader asked for"),
    # train_model: one entry
    Case("return inside the epoch loop", LOOP + "    return model, losses\n",
         LOOP + "        return model, losses\n", "train_model", "1 entry"),
    Case("append after the loop", LOOP,
         "    for epoch in range(epochs):\n        loss = train_epoch(model, loader, loss_fn, optimizer)\n"
         "    losses.append(loss)\n", "train_model", "1 entry"),
    Case("break left in after the first epoch", LOOP, LOOP + "        break\n", "train_model", "1 entry"),
    # train_model: empty history
    Case("returns an empty list", "    return model, losses\n", "    return model, []\n", "train_model",
         "one loss.item() per epoch"),
    Case("train_epoch's result thrown away", LOOP,
         "    for epoch in range(epochs):\n        train_epoch(model, loader, loss_fn, optimizer)\n",
         "train_model", "one loss.item() per epoch"),
    Case("loss stored but never appended", LOOP,
         "    for epoch in range(epochs):\n        epoch_loss = train_epoch(model, loader, loss_fn, optimizer)\n",
         "train_model", "one loss.item() per epoch"),
    # train_model: the learning rate too small to learn in 50 epochs
    Case("the lecture's lr=0.01 as default", SIGNATURE, SIGNATURE.replace("lr=1.0", "lr=0.01"), "train_model",
         "still falling"),
    Case("lr=0.001 as default", SIGNATURE, SIGNATURE.replace("lr=1.0", "lr=0.001"), "train_model", "still falling"),
    Case("lr 0.01 hard-coded in SGD", "torch.optim.SGD(model.parameters(), lr=lr)",
         "torch.optim.SGD(model.parameters(), lr=0.01)", "train_model", "still falling"),
    # train_model: model or optimizer not created once
    Case("model and optimizer built inside the epoch loop", TRAIN,
         HEAD + "    loss_fn = nn.BCELoss()\n    losses = []\n    for epoch in range(epochs):\n"
         "        model = Model(8)\n        optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n"
         "        losses.append(train_epoch(model, loader, loss_fn, optimizer))\n    return model, losses\n",
         "train_model", "barely fell"),
    Case("optimizer over a fresh Model(), lecture style", "torch.optim.SGD(model.parameters(), lr=lr)",
         "torch.optim.SGD(Model().parameters(), lr=lr)", "train_model", "barely fell"),
    Case("model rebuilt each epoch, optimizer built once", LOOP,
         "    for epoch in range(epochs):\n        model = Model(dataset[0][0].shape[0])\n"
         "        losses.append(train_epoch(model, loader, loss_fn, optimizer))\n", "train_model", "barely fell"),
    # train_model: inline loop without zero_grad (the loss rises)
    Case("inline loop without zero_grad", TRAIN, inline(zero=""), "train_model", "zero_grad"),
    Case("inline loop, zero_grad once before training", TRAIN,
         inline(zero="", before="    optimizer.zero_grad()\n"), "train_model", "zero_grad"),
    Case("inline loop, zero_grad without parentheses", TRAIN,
         inline(zero="            optimizer.zero_grad\n"), "train_model", "zero_grad"),
    # train_model: a NaN in the data
    Case("train_model reads the file itself without filling the gaps", TRAIN,
         "    xy = np.genfromtxt(path, delimiter=',', skip_header=1, dtype=np.float32)\n"
         "    from torch.utils.data import TensorDataset\n"
         "    dataset = TensorDataset(torch.from_numpy(xy[:, :-1]), torch.from_numpy(xy[:, [-1]]))\n"
         "    loader = make_loader(dataset, batch_size)\n" + TRAIN.split(HEAD)[1], "train_model", "NaN"),
    Case("the lecture's Dataset inline, NaN kept", TRAIN,
         "    xy = np.genfromtxt(path, delimiter=',', skip_header=1)\n"
         "    x_data = torch.tensor(xy[:, :-1], dtype=torch.float32)\n"
         "    y_data = torch.tensor(xy[:, [-1]], dtype=torch.float32)\n"
         "    from torch.utils.data import TensorDataset\n"
         "    dataset = TensorDataset(x_data, y_data)\n"
         "    loader = DataLoader(dataset=dataset, batch_size=batch_size, shuffle=True)\n"
         + TRAIN.split(HEAD)[1], "train_model", "NaN"),
    Case("inline reading, gaps filled with np.mean (still NaN)", TRAIN,
         "    xy = np.genfromtxt(path, delimiter=',', skip_header=1)\n    x = xy[:, :-1]\n"
         "    x = np.where(np.isnan(x), np.mean(x, axis=0), x)\n"
         "    from torch.utils.data import TensorDataset\n"
         "    dataset = TensorDataset(torch.tensor(x, dtype=torch.float32), "
         "torch.tensor(xy[:, [-1]], dtype=torch.float32))\n"
         "    loader = make_loader(dataset, batch_size)\n" + TRAIN.split(HEAD)[1], "train_model", "NaN"),
]

RIGHT = [
    Variant("CsvDataset with the csv lines parsed by hand and column means in a loop", [(INIT,
        CSV_READ.format(skip="[1:]")
        + "        x = xy[:, :-1]\n"
        "        for j in range(x.shape[1]):\n"
        "            present = x[~np.isnan(x[:, j]), j]\n"
        "            x[np.isnan(x[:, j]), j] = present.sum() / len(present)\n"
        "        self.x = torch.tensor(x, dtype=torch.float32)\n"
        "        self.y = torch.tensor(xy[:, -1], dtype=torch.float32).view(-1, 1)\n"
        "        self.len = len(lines)\n")], "CsvDataset"),
    Variant("CsvDataset in the lecture's style: super(CsvDataset, self), float32 genfromtxt, from_numpy, x_data", [
        ("        ### BEGIN SOLUTION\n" + INIT,
         "        ### BEGIN SOLUTION\n        super(CsvDataset, self).__init__()\n"
         "        xy = np.genfromtxt(path, delimiter=',', dtype=np.float32, skip_header=1)\n"
         "        col_mean = np.nanmean(xy[:, :-1], axis=0)\n"
         "        rows, cols = np.where(np.isnan(xy[:, :-1]))\n"
         "        xy[rows, cols] = col_mean[cols]\n"
         "        self.len = xy.shape[0]\n"
         "        self.x_data = torch.from_numpy(xy[:, :-1])\n"
         "        self.y_data = torch.from_numpy(xy[:, [-1]])\n"),
        (GETITEM, "        return self.x_data[index], self.y_data[index]"),
        (LEN, "        return self.x_data.shape[0]")], "CsvDataset"),
    Variant("CsvDataset filling gaps with torch.nanmean", [(FILL + TENSORS,
        "        t = torch.tensor(x, dtype=torch.float32)\n"
        "        self.x = torch.where(torch.isnan(t), torch.nanmean(t, dim=0, keepdim=True), t)\n"
        "        self.y = torch.tensor(xy[:, -1:], dtype=torch.float32)\n")], "CsvDataset"),
    Variant("make_loader in the lecture's keyword style, drop_last=False written out", [(LOADER,
        "    train_loader = DataLoader(dataset=dataset, batch_size=batch_size, shuffle=True,\n"
        "                              num_workers=num_workers, drop_last=False)\n    return train_loader")],
        "make_loader"),
    Variant("train_epoch in the lecture's enumerate style, counting with len(loader.dataset)", [(EPOCH,
        "    running_loss = 0.0\n    for i, data in enumerate(loader, 0):\n        inputs, labels = data\n"
        "        y_pred = model(inputs)\n        loss = loss_fn(y_pred, labels)\n        optimizer.zero_grad()\n"
        "        loss.backward()\n        optimizer.step()\n        running_loss += loss.item() * inputs.size(0)\n"
        "    return running_loss / len(loader.dataset)\n")], "train_epoch"),
    Variant("train_epoch with model.zero_grad() after the step", [(EPOCH,
        "    losses, sizes = [], []\n    for x, y in loader:\n        loss = loss_fn(model(x), y)\n"
        "        loss.backward()\n        optimizer.step()\n        model.zero_grad()\n"
        "        losses.append(loss.item())\n        sizes.append(len(y))\n"
        "    return float(np.average(losses, weights=sizes))\n")], "train_epoch"),
    Variant("train_model with BCELoss(size_average=False) and lr divided by the batch size, printing", [
        ("    loss_fn = nn.BCELoss()\n    optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n",
         "    loss_fn = nn.BCELoss(size_average=False)\n"
         "    optimizer = torch.optim.SGD(model.parameters(), lr=lr / batch_size)\n"),
        (LOOP, "    for epoch in range(epochs):\n        l = train_epoch(model, loader, loss_fn, optimizer) / batch_size\n"
         "        print(epoch, l)\n        losses.append(l)\n")], "train_model"),
    Variant("train_model with Adam and its own default lr=0.01", [
        (SIGNATURE, SIGNATURE.replace("lr=1.0", "lr=0.01")),
        ("torch.optim.SGD(model.parameters(), lr=lr)", "torch.optim.Adam(model.parameters(), lr=lr)")],
        "train_model"),
    Variant("train_model with the loop written inline, the lecture's names", [(TRAIN, inline())], "train_model"),
]
