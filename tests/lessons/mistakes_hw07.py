"""hw07 Dataset and DataLoader: the header read as data, the label among the features, float64 items, a wrong
__len__, missing values left as NaN or filled wrongly, the file reread in __getitem__, an unshuffled loader that
drops its last batch, gradients never cleared."""

from tests.lessons.lesson_cases import Case

READ = 'xy = np.genfromtxt(path, delimiter=",", skip_header=1, dtype=np.float64, ndmin=2)'
FILL = "        means = np.nanmean(x, axis=0)\n        x = np.where(np.isnan(x), means, x)\n"
LOADER = "DataLoader(dataset, batch_size=batch_size, shuffle=True, num_workers=num_workers)"
LEN_TO_GETITEM = (
    "        self.len = xy.shape[0]\n"
    "        ### END SOLUTION\n\n"
    "    def __getitem__(self, index):\n"
    "        ### BEGIN SOLUTION\n"
    "        return self.x[index], self.y[index]"
)
GETITEM = "        return self.x[index], self.y[index]"
REREAD_GETITEM = (
    '        xy = np.genfromtxt(self.path, delimiter=",", skip_header=1, dtype=np.float64, ndmin=2)\n'
    "        x = xy[:, :-1]\n"
    "        x = np.where(np.isnan(x), np.nanmean(x, axis=0), x)\n"
    "        return torch.tensor(x[index], dtype=torch.float32), torch.tensor(xy[index, [-1]], dtype=torch.float32)"
)
STEP = "        optimizer.zero_grad()\n        loss.backward()\n"

MISTAKES = [
    Case("train_model trains 100 epochs, whatever it is given", "    for epoch in range(epochs):",
         "    for epoch in range(100):", "train_model", "grader asked for"),
    Case("train_model reads the notebook's CSV_PATH, not its path", "    dataset = CsvDataset(path)",
         "    dataset = CsvDataset(CSV_PATH)", "train_model", "CSV_PATH"),
    Case("header row read as data", READ, READ.replace(", skip_header=1", ""), "CsvDataset", "header"),
    Case("label column left among the features", "        x = xy[:, :-1]\n", "        x = xy\n",
         "CsvDataset", "label is still among the features"),
    Case("float64 tensors", "        self.x = torch.tensor(x, dtype=torch.float32)\n"
         "        self.y = torch.tensor(xy[:, [-1]], dtype=torch.float32)",
         "        self.x = torch.from_numpy(x)\n        self.y = torch.from_numpy(xy[:, [-1]])",
         "CsvDataset", "float64"),
    Case("__len__ one short", "        self.len = xy.shape[0]", "        self.len = xy.shape[0] - 1",
         "CsvDataset", "one row short"),
    Case("__len__ returns the number of columns", "        self.len = xy.shape[0]", "        self.len = xy.shape[1]",
         "CsvDataset", "number of columns"),
    Case("missing values left as NaN", FILL, "", "CsvDataset", "still nan"),
    Case("missing values filled with 0", FILL, "        x = np.nan_to_num(x)\n", "CsvDataset", "filled with 0"),
    Case("whole file reloaded in __getitem__", LEN_TO_GETITEM, "        self.path = path\n" + LEN_TO_GETITEM.replace(
        GETITEM, REREAD_GETITEM), "CsvDataset", "reads the file again"),
    Case("shuffle=False", LOADER, LOADER.replace("shuffle=True", "shuffle=False"), "make_loader", "shuffle=True"),
    Case("drop_last=True", LOADER, LOADER.replace("shuffle=True", "shuffle=True, drop_last=True"),
         "make_loader", "drop_last"),
    Case("an iterator returned instead of the loader", "    return " + LOADER, "    return iter(" + LOADER + ")",
         "make_loader", "iterator"),
    Case("num_workers ignored", LOADER, LOADER.replace(", num_workers=num_workers", ""), "make_loader", "num_workers"),
    Case("gradients never cleared", STEP, "        loss.backward()\n", "train_epoch", "not cleared"),
    Case("mean of the batch losses", "        total += loss.item() * len(x)\n        count += len(x)\n",
         "        total += loss.item()\n        count += 1\n", "train_epoch", "weight each batch"),
    Case("model created inside the epoch loop", "    for epoch in range(epochs):\n",
         "    for epoch in range(epochs):\n        model = Model(dataset[0][0].shape[0])\n"
         "        optimizer = torch.optim.SGD(model.parameters(), lr=lr)\n",
         "train_model", "created once"),
    Case("optimizer over another model's parameters", "torch.optim.SGD(model.parameters(), lr=lr)",
         "torch.optim.SGD(Model(dataset[0][0].shape[0]).parameters(), lr=lr)", "train_model", "optimizer hold"),
]
