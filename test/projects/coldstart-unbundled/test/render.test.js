const { handler } = require('../src/render');

handler({ Records: [] }).then((r) => console.log(r));
